import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FaultService, AccessPolicy } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { AcknowledgeDto, CloseDto, DispatchDto, FaultQueryDto, PauseDto, ReportFaultDto, RestoreDto } from './fault.dto';

const date = (s?: string) => (s ? new Date(s) : undefined);

@ApiTags('faults')
@ApiBearerAuth()
@Controller('api/faults')
export class FaultsController {
  constructor(private readonly faults: FaultService, private readonly scope: AccessPolicy) {}

  /** A fault outside the caller's scope does not exist for them. */
  private async visible(actor: Actor, id: string): Promise<string> {
    await this.scope.requireSite(actor, 'fault.read', (await this.faults.require(id)).siteId, 'fault', id);
    return id;
  }

  @Get()
  @Can('fault.read')
  async list(@CurrentActor() actor: Actor, @Query() q: FaultQueryDto) {
    return this.faults.list({
      deviceId: q.deviceId, siteId: q.siteId, level: q.level, state: q.state, kind: q.kind, from: date(q.from), to: date(q.to), assigneeId: q.assigneeId,
      siteIds: await this.scope.siteFilter(actor, 'fault.read'),
    }, pageOf(q));
  }

  @Get('summary')
  @Can('fault.read')
  async summary(@CurrentActor() actor: Actor) {
    return this.faults.summary(await this.scope.siteFilter(actor, 'fault.read'));
  }

  @Get(':id')
  @Can('fault.read')
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.faults.get(await this.visible(actor, id));
  }

  @Post()
  @Can('fault.report')
  async report(@CurrentActor() actor: Actor, @Body() body: ReportFaultDto) {
    await this.scope.requireSite(actor, 'fault.report', body.siteId, 'site', body.siteId);
    return this.faults.report(actor, body);
  }

  @Post(':id/acknowledge')
  @Can('fault.acknowledge')
  @HttpCode(200)
  async acknowledge(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: AcknowledgeDto) {
    return this.faults.act(actor, await this.visible(actor, id), { type: 'acknowledge', plan: body?.plan ?? null });
  }

  @Post(':id/dispatch')
  @Can('fault.dispatch')
  @HttpCode(200)
  async dispatch(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: DispatchDto) {
    return this.faults.act(actor, await this.visible(actor, id), { type: 'dispatch', assigneeId: body.assigneeId });
  }

  @Post(':id/arrive')
  @Can('fault.arrive')
  @HttpCode(200)
  async arrive(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.faults.act(actor, await this.visible(actor, id), { type: 'arrive' });
  }

  @Post(':id/restore')
  @Can('fault.restore')
  @HttpCode(200)
  async restore(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: RestoreDto) {
    return this.faults.act(actor, await this.visible(actor, id), { type: 'restore', note: body?.note ?? null });
  }

  @Post(':id/close')
  @Can('fault.close')
  @HttpCode(200)
  async close(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CloseDto) {
    return this.faults.act(actor, await this.visible(actor, id), { type: 'close', resolution: body.resolution, repaired: body.repaired ?? false, ...(body.signoff ? { signoff: { ...body.signoff } } : {}) });
  }

  @Post(':id/pause')
  @Can('fault.pause')
  @HttpCode(200)
  async pause(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: PauseDto) {
    return this.faults.act(actor, await this.visible(actor, id), { type: 'pause', reason: body.reason });
  }

  @Post(':id/resume')
  @Can('fault.pause')
  @HttpCode(200)
  async resume(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.faults.act(actor, await this.visible(actor, id), { type: 'resume' });
  }
}
