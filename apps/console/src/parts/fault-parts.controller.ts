import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FaultPartService, PartsReportService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor, Idempotent } from '@vigil/runtime';
import { FitPartDto, IssuePartDto, PartReasonDto, PartsReportQueryDto, ReservePartDto } from './parts.dto';

/** Parts on a fault: reserve, issue, fit (serials), return, cancel, and wait for one with the SLA paused where the contract allows. */
@ApiTags('parts')
@ApiBearerAuth()
@Controller('api/faults/:id/parts')
export class FaultPartsController {
  constructor(private readonly parts: FaultPartService) {}

  @Get()
  @Can('fault.read')
  list(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.parts.list(actor, id);
  }

  @Post()
  @Can('fault.parts')
  @Idempotent()
  reserve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ReservePartDto) {
    return this.parts.reserve(actor, id, body);
  }

  @Post(':partId/issue')
  @Can('fault.parts')
  @Idempotent()
  @HttpCode(200)
  issue(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('partId') partId: string, @Body() body: IssuePartDto) {
    return this.parts.issue(actor, id, partId, body);
  }

  @Post(':partId/fit')
  @Can('fault.parts')
  @Idempotent()
  @HttpCode(200)
  fit(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('partId') partId: string, @Body() body: FitPartDto) {
    return this.parts.fit(actor, id, partId, body);
  }

  @Post(':partId/return')
  @Can('fault.parts')
  @Idempotent()
  @HttpCode(200)
  giveBack(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('partId') partId: string, @Body() body: PartReasonDto) {
    return this.parts.giveBack(actor, id, partId, body.reason ?? null);
  }

  @Post(':partId/cancel')
  @Can('fault.parts')
  @Idempotent()
  @HttpCode(200)
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('partId') partId: string, @Body() body: PartReasonDto) {
    return this.parts.cancel(actor, id, partId, body.reason ?? null);
  }

  @Post(':partId/wait')
  @Can('fault.parts')
  @Idempotent()
  @HttpCode(200)
  wait(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('partId') partId: string) {
    return this.parts.wait(actor, id, partId);
  }
}

/** The spare-parts figures of a contract's month. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class PartsReportController {
  constructor(private readonly reports: PartsReportService) {}

  @Get('parts')
  @Can('report.read')
  month(@CurrentActor() actor: Actor, @Query() q: PartsReportQueryDto) {
    return this.reports.report(actor, q.contractId, q.period);
  }
}
