import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FaultService, ScopeService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { CurrentActor, Roles } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { AcknowledgeDto, CloseDto, DispatchDto, FaultQueryDto, PauseDto, ReportFaultDto, RestoreDto } from './fault.dto';

const date = (s?: string) => (s ? new Date(s) : undefined);

@ApiTags('faults')
@ApiBearerAuth()
@Controller('api/faults')
export class FaultsController {
  constructor(private readonly faults: FaultService, private readonly scope: ScopeService) {}

  /** A fault outside the caller's scope does not exist for them. */
  private async visible(actor: Actor, id: string): Promise<string> {
    await this.scope.requireSite(actor, (await this.faults.require(id)).siteId, 'fault', id);
    return id;
  }

  @Get()
  @Roles('admin', 'supervisor', 'operator', 'engineer', 'auditor')
  async list(@CurrentActor() actor: Actor, @Query() q: FaultQueryDto) {
    return this.faults.list({
      deviceId: q.deviceId, siteId: q.siteId, level: q.level, state: q.state, kind: q.kind, from: date(q.from), to: date(q.to), assigneeId: q.assigneeId,
      siteIds: await this.scope.siteIdsOf(actor),
    }, pageOf(q));
  }

  @Get('summary')
  @Roles('admin', 'supervisor', 'operator', 'engineer', 'auditor')
  async summary(@CurrentActor() actor: Actor) {
    return this.faults.summary(await this.scope.siteIdsOf(actor));
  }

  @Get(':id')
  @Roles('admin', 'supervisor', 'operator', 'engineer', 'auditor')
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.faults.get(await this.visible(actor, id));
  }

  @Post()
  @Roles('supervisor', 'operator')
  async report(@CurrentActor() actor: Actor, @Body() body: ReportFaultDto) {
    await this.scope.requireSite(actor, body.siteId, 'site', body.siteId);
    return this.faults.report(actor, body);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('supervisor', 'operator', 'engineer')
  async acknowledge(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: AcknowledgeDto) {
    return this.faults.act(actor, await this.visible(actor, id), { type: 'acknowledge', plan: body?.plan ?? null });
  }

  @Post(':id/dispatch')
  @HttpCode(200)
  @Roles('supervisor', 'operator')
  async dispatch(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: DispatchDto) {
    return this.faults.act(actor, await this.visible(actor, id), { type: 'dispatch', assigneeId: body.assigneeId });
  }

  @Post(':id/arrive')
  @HttpCode(200)
  @Roles('supervisor', 'engineer')
  async arrive(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.faults.act(actor, await this.visible(actor, id), { type: 'arrive' });
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Roles('supervisor', 'operator', 'engineer')
  async restore(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: RestoreDto) {
    return this.faults.act(actor, await this.visible(actor, id), { type: 'restore', note: body?.note ?? null });
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('supervisor', 'engineer')
  async close(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CloseDto) {
    return this.faults.act(actor, await this.visible(actor, id), { type: 'close', resolution: body.resolution, repaired: body.repaired ?? false, ...(body.signoff ? { signoff: { ...body.signoff } } : {}) });
  }

  @Post(':id/pause')
  @HttpCode(200)
  @Roles('supervisor', 'operator')
  async pause(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: PauseDto) {
    return this.faults.act(actor, await this.visible(actor, id), { type: 'pause', reason: body.reason });
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Roles('supervisor', 'operator')
  async resume(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.faults.act(actor, await this.visible(actor, id), { type: 'resume' });
  }
}
