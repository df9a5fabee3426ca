import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { FeedbackAnalysisService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';

const PERIOD = /^\d{4}-\d{2}(-\d{2})?$/;

class FeedbackAnalysisQueryDto {
  @ApiProperty() @IsString() @MaxLength(36) contractId!: string;
  @ApiPropertyOptional({ description: "a half year in the contract's time zone: 2026H1 or 2026H2 (or from and to)" })
  @IsOptional()
  @Matches(/^\d{4}-?H[12]$/, { message: 'half must be a half year written 2026H1 or 2026H2' })
  half?: string;
  @ApiPropertyOptional({ description: 'YYYY-MM or YYYY-MM-DD, instead of half' })
  @IsOptional()
  @Matches(PERIOD, { message: 'from must be a month YYYY-MM or a day YYYY-MM-DD' })
  from?: string;
  @ApiPropertyOptional({ description: 'YYYY-MM or YYYY-MM-DD, included' })
  @IsOptional()
  @Matches(PERIOD, { message: 'to must be a month YYYY-MM or a day YYYY-MM-DD' })
  to?: string;
}

/** 客户反馈半年度分析: the figures as JSON, and the report for management as a PDF with charts. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class FeedbackAnalysisController {
  constructor(private readonly analysis: FeedbackAnalysisService) {}

  /** Feedback volumes by kind and channel per month, complaint handling against the dues, repeat issues, satisfaction by question and site, callback results. */
  @Get('feedback-analysis')
  @Can('report.read')
  figures(@CurrentActor() actor: Actor, @Query() q: FeedbackAnalysisQueryDto) {
    return this.analysis.figures(actor, q);
  }

  @Get('feedback-analysis.pdf')
  @Can('report.read')
  @ApiProduces('application/pdf')
  async pdf(@CurrentActor() actor: Actor, @Query() q: FeedbackAnalysisQueryDto, @Res() res: Response) {
    res
      .type('application/pdf')
      .attachment(`vigil-feedback-analysis-${q.half ?? `${q.from}-${q.to}`}.pdf`)
      .send(await this.analysis.pdf(actor, q));
  }
}
