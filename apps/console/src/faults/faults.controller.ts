import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FaultService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { CurrentActor, Roles } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { AcknowledgeDto, CloseDto, DispatchDto, FaultQueryDto, PauseDto, ReportFaultDto, RestoreDto } from './fault.dto';

const date = (s?: string) => (s ? new Date(s) : undefined);

@ApiTags('faults')
@ApiBearerAuth()
@Controller('api/faults')
export class FaultsController {
  constructor(private readonly faults: FaultService) {}

  @Get()
  @Roles('admin', 'supervisor', 'operator', 'engineer', 'auditor')
  list(@Query() q: FaultQueryDto) {
    return this.faults.list({ deviceId: q.deviceId, siteId: q.siteId, level: q.level, state: q.state, kind: q.kind, from: date(q.from), to: date(q.to), assigneeId: q.assigneeId }, pageOf(q));
  }

  @Get('summary')
  @Roles('admin', 'supervisor', 'operator', 'engineer', 'auditor')
  summary() {
    return this.faults.summary();
  }

  @Get(':id')
  @Roles('admin', 'supervisor', 'operator', 'engineer', 'auditor')
  get(@Param('id') id: string) {
    return this.faults.get(id);
  }

  @Post()
  @Roles('supervisor', 'operator')
  report(@CurrentActor() actor: Actor, @Body() body: ReportFaultDto) {
    return this.faults.report(actor, body);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('supervisor', 'operator', 'engineer')
  acknowledge(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: AcknowledgeDto) {
    return this.faults.act(actor, id, { type: 'acknowledge', plan: body?.plan ?? null });
  }

  @Post(':id/dispatch')
  @HttpCode(200)
  @Roles('supervisor', 'operator')
  dispatch(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: DispatchDto) {
    return this.faults.act(actor, id, { type: 'dispatch', assigneeId: body.assigneeId });
  }

  @Post(':id/arrive')
  @HttpCode(200)
  @Roles('supervisor', 'engineer')
  arrive(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.faults.act(actor, id, { type: 'arrive' });
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Roles('supervisor', 'operator', 'engineer')
  restore(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: RestoreDto) {
    return this.faults.act(actor, id, { type: 'restore', note: body?.note ?? null });
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('supervisor', 'engineer')
  close(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CloseDto) {
    return this.faults.act(actor, id, { type: 'close', resolution: body.resolution, repaired: body.repaired ?? false });
  }

  @Post(':id/pause')
  @HttpCode(200)
  @Roles('supervisor', 'operator')
  pause(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: PauseDto) {
    return this.faults.act(actor, id, { type: 'pause', reason: body.reason });
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Roles('supervisor', 'operator')
  resume(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.faults.act(actor, id, { type: 'resume' });
  }
}
