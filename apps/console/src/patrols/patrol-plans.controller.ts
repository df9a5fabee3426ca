import { Body, Controller, Get, Header, Param, ParseEnumPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEVICE_TYPES, EVIDENCE_KINDS, ITEM_TYPES, PATROL_KINDS, type Actor, type DeviceType, type EvidenceKind, type ItemType, type PatrolKind } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';
import { PatrolGenerator, PatrolReportService } from '@vigil/application';

class MonthQueryDto {
  @ApiProperty({ description: 'YYYY-MM' }) @Matches(/^\d{4}-\d{2}$/, { message: 'period must be a month written YYYY-MM' }) period!: string;
  @ApiPropertyOptional({ description: 'one contract; absent: every contract' }) @IsOptional() @IsString() @MaxLength(36) contractId?: string;
  @ApiPropertyOptional({ description: 'one site' }) @IsOptional() @IsString() @MaxLength(36) siteId?: string;
}

class PlanDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(36) contractId?: string;
  @ApiProperty({ enum: PATROL_KINDS }) @IsIn(PATROL_KINDS) kind!: PatrolKind;
  @ApiPropertyOptional({ type: [String], description: 'absent: every site under the contract' }) @IsOptional() @IsArray() @IsString({ each: true }) siteIds?: string[];
  @ApiProperty({ description: 'YYYY-MM-DD' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startsOn must be a date written YYYY-MM-DD' }) startsOn!: string;
  @ApiPropertyOptional({ description: "IANA zone; default the contract's" }) @IsOptional() @IsString() @MaxLength(64) timeZone?: string;
  @ApiPropertyOptional({ description: 'weekly: HH:MM of the power-on' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'weeklyAt must be HH:MM' })
  weeklyAt?: string;
  @ApiPropertyOptional({ description: 'monthly, half-yearly: due this many days into the period' }) @IsOptional() @IsInt() @Min(1) @Max(180) dueAfterDays?: number;
  @ApiPropertyOptional({ example: '0 14 * * 3', description: "in place of the kind's calendar: minute hour day month weekday, in the plan's zone, at most hourly" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  cron?: string;
  @ApiPropertyOptional({ description: 'cron plans: due this many minutes after each occurrence (default: at the next one)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(527_040)
  durationMinutes?: number;
}

/** Both languages of a checklist's texts (documentation only: validateTemplate checks them). */
class Text2Doc {
  @ApiProperty() zh!: string;
  @ApiProperty() en!: string;
}

/** One checklist item as the document describes it; the domain (validateTemplate) checks it, naming the field. */
class ChecklistItemDoc {
  @ApiProperty({ pattern: '^[a-z0-9-]{1,64}$' }) key!: string;
  @ApiProperty({ maxLength: 64 }) subsystem!: string;
  @ApiProperty({ type: Text2Doc }) label!: Text2Doc;
  @ApiProperty({ enum: ITEM_TYPES }) type!: ItemType;
  @ApiProperty() required!: boolean;
  @ApiPropertyOptional({ description: 'number items: the lowest value that passes' }) min?: number;
  @ApiPropertyOptional({ description: 'number items: the highest value that passes' }) max?: number;
  @ApiPropertyOptional({ maxLength: 20 }) unit?: string;
  @ApiPropertyOptional({ type: [String], description: 'choice items: at least two' }) choices?: string[];
  @ApiProperty({ enum: DEVICE_TYPES, isArray: true, nullable: true, description: 'checked once per such device; null: once for the site' }) appliesTo!: DeviceType[] | null;
  @ApiPropertyOptional({ enum: EVIDENCE_KINDS }) evidence?: EvidenceKind;
}

/** The checklist itself is checked item by item in the domain (validateTemplate), naming the field. */
class TemplateDto {
  @ApiProperty({ type: Text2Doc, example: { zh: '月度巡检', en: 'Monthly inspection' } }) @IsObject() name!: Text2Doc;
  @ApiProperty({ type: [ChecklistItemDoc] }) @IsArray() items!: ChecklistItemDoc[];
}

@ApiTags('patrols')
@ApiBearerAuth()
@Controller('api')
export class PatrolPlansController {
  constructor(
    private readonly reports: PatrolReportService,
    private readonly generator: PatrolGenerator,
  ) {}

  @Post('patrol-plans')
  @Can('patrol-plan.write')
  createPlan(@CurrentActor() actor: Actor, @Body() b: PlanDto) {
    return this.generator.createPlan(actor, {
      contractId: b.contractId ?? null,
      kind: b.kind,
      siteIds: b.siteIds ?? null,
      startsOn: b.startsOn,
      timeZone: b.timeZone,
      weeklyAt: b.weeklyAt,
      dueAfterDays: b.dueAfterDays,
      cron: b.cron,
      durationMinutes: b.durationMinutes,
    });
  }

  @Get('patrol-templates')
  @Can('patrol.read')
  async templates(@CurrentActor() actor: Actor) {
    const items = await this.generator.templates(actor);
    return { items, total: items.length };
  }

  @Post('patrol-templates/:kind/versions')
  @Can('patrol-template.write')
  @ApiParam({ name: 'kind', enum: PATROL_KINDS })
  publishTemplate(@CurrentActor() actor: Actor, @Param('kind', new ParseEnumPipe(PATROL_KINDS)) kind: PatrolKind, @Body() body: TemplateDto) {
    return this.generator.publishTemplate(actor, kind, body);
  }

  @Get('patrol-plans')
  @Can('patrol.read')
  async plans(@CurrentActor() actor: Actor) {
    const items = await this.generator.plans(actor);
    return { items, total: items.length };
  }

  @Get('patrol-reports/month.csv')
  @Can('patrol.read')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  month(@CurrentActor() actor: Actor, @Query() q: MonthQueryDto) {
    return this.reports.monthCsv(actor, q.period, q.contractId, q.siteId);
  }

  @Get('patrol-reports/month.pdf')
  @Can('patrol.read')
  async monthPdf(@CurrentActor() actor: Actor, @Query() q: MonthQueryDto, @Res() res: Response) {
    res
      .type('application/pdf')
      .attachment(`patrols-${q.period}.pdf`)
      .send(await this.reports.monthPdf(actor, q.period, q.contractId, q.siteId));
  }
}
