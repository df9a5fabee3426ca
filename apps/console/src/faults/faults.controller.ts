import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FaultCrewService, FaultService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor, Idempotent } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import {
  AcknowledgeDto,
  AssigneesDto,
  BulkAcknowledgeDto,
  BulkAcknowledgementDto,
  CloseDto,
  DispatchDto,
  FaultOnCallDto,
  FaultQueryDto,
  PauseDto,
  ReportFaultDto,
  RestoreDto,
} from './fault.dto';

const date = (s?: string) => (s ? new Date(s) : undefined);

/** Faults of the caller's scope; the service checks role, scope and (for engineers) whose fault it is. */
@ApiTags('faults')
@ApiBearerAuth()
@Controller('api/faults')
export class FaultsController {
  constructor(
    private readonly faults: FaultService,
    private readonly crew: FaultCrewService,
  ) {}

  @Get()
  @Can('fault.read')
  list(@CurrentActor() actor: Actor, @Query() q: FaultQueryDto) {
    return this.faults.list(
      actor,
      { deviceId: q.deviceId, siteId: q.siteId, level: q.level, state: q.state, kind: q.kind, from: date(q.from), to: date(q.to), assigneeId: q.assigneeId },
      pageOf(q),
    );
  }

  @Get('summary')
  @Can('fault.read')
  summary(@CurrentActor() actor: Actor) {
    return this.faults.summary(actor);
  }

  /** Many faults acknowledged with one plan in one call (each checked as one would be; all or nothing). */
  @Post('acknowledge')
  @Can('fault.acknowledge')
  @HttpCode(200)
  @ApiOkResponse({ type: BulkAcknowledgementDto })
  acknowledgeMany(@CurrentActor() actor: Actor, @Body() body: BulkAcknowledgeDto) {
    return this.faults.acknowledgeMany(actor, body.ids, body.plan ?? null);
  }

  /** Who is on call for the fault now: the rota its alerts go to, its primary, backup and supervisors. */
  @Get(':id/on-call')
  @Can('fault.read')
  @ApiOkResponse({ type: FaultOnCallDto })
  onCall(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.crew.onCall(actor, id);
  }

  /** Whom the fault may be dispatched to (what the dispatch accepts), the people on call first. */
  @Get(':id/assignees')
  @Can('fault.dispatch')
  @ApiOkResponse({ type: AssigneesDto })
  assignees(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.crew.assignees(actor, id);
  }

  @Get(':id')
  @Can('fault.read')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.faults.get(actor, id);
  }

  @Post()
  @Can('fault.report')
  @Idempotent()
  report(@CurrentActor() actor: Actor, @Body() body: ReportFaultDto) {
    return this.faults.report(actor, body);
  }

  @Post(':id/acknowledge')
  @Can('fault.acknowledge')
  @HttpCode(200)
  acknowledge(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: AcknowledgeDto) {
    return this.faults.act(actor, id, { type: 'acknowledge', plan: body?.plan ?? null });
  }

  @Post(':id/dispatch')
  @Can('fault.dispatch')
  @HttpCode(200)
  dispatch(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: DispatchDto) {
    return this.faults.act(actor, id, { type: 'dispatch', assigneeId: body.assigneeId });
  }

  @Post(':id/arrive')
  @Can('fault.arrive')
  @Idempotent()
  @HttpCode(200)
  arrive(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.faults.act(actor, id, { type: 'arrive' });
  }

  @Post(':id/restore')
  @Can('fault.restore')
  @Idempotent()
  @HttpCode(200)
  restore(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: RestoreDto) {
    return this.faults.act(actor, id, { type: 'restore', note: body?.note ?? null });
  }

  @Post(':id/close')
  @Can('fault.close')
  @Idempotent()
  @HttpCode(200)
  close(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CloseDto) {
    return this.faults.act(actor, id, { type: 'close', resolution: body.resolution, repaired: body.repaired ?? false, ...(body.signoff ? { signoff: { ...body.signoff } } : {}) });
  }

  @Post(':id/pause')
  @Can('fault.pause')
  @HttpCode(200)
  pause(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: PauseDto) {
    return this.faults.act(actor, id, { type: 'pause', reason: body.reason });
  }

  @Post(':id/resume')
  @Can('fault.pause')
  @HttpCode(200)
  resume(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.faults.act(actor, id, { type: 'resume' });
  }
}
