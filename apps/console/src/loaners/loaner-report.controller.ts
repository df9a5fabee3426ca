import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { LoanerReportService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';
import { ServiceReportQueryDto } from '../reports/service-report.controller';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class LoanerReportController {
  constructor(private readonly reports: LoanerReportService) {}

  /** Loaner-days per site (split at the contract zone's month boundaries) and RMA turnaround per vendor and model in a month. */
  @Get('loaners')
  @Can('report.read')
  month(@CurrentActor() actor: Actor, @Query() q: ServiceReportQueryDto) {
    return this.reports.month(actor, q.contractId, q.period);
  }
}
