import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { ServiceReportService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';

export class ServiceReportQueryDto {
  @ApiProperty() @IsString() @MaxLength(36) contractId!: string;
  @ApiProperty({ description: "YYYY-MM, in the contract's time zone" }) @Matches(/^\d{4}-\d{2}$/, { message: 'period must be a month written YYYY-MM' }) period!: string;
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ServiceReportController {
  constructor(private readonly reports: ServiceReportService) {}

  /** 月度运维报告: online rate per site and device type, faults by level, SLA compliance, MTTA/MTTR, patrols, repeats, failing models. */
  @Get('service')
  @Can('report.read')
  month(@CurrentActor() actor: Actor, @Query() q: ServiceReportQueryDto) {
    return this.reports.month(actor, q.contractId, q.period);
  }

  @Get('service.pdf')
  @Can('report.read')
  async monthPdf(@CurrentActor() actor: Actor, @Query() q: ServiceReportQueryDto, @Res() res: Response) {
    res
      .type('application/pdf')
      .attachment(`vigil-service-${q.period}.pdf`)
      .send(await this.reports.monthPdf(actor, q.contractId, q.period));
  }
}
