import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { AuditTrailService, type AuditFilter } from '@vigil/application';
import { Can } from '@vigil/runtime';
import { PageQueryDto, pageOf } from '../http/page-query.dto';

class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) entity?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) entityId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) actor?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() to?: string;
}

class ExportQueryDto extends AuditQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'jsonl', 'pdf'], default: 'jsonl' }) @IsOptional() @IsIn(['csv', 'jsonl', 'pdf']) format?: 'csv' | 'jsonl' | 'pdf';
}

const filterOf = (q: AuditQueryDto): AuditFilter => ({
  entity: q.entity, entityId: q.entityId, actor: q.actor, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined,
});

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly trail: AuditTrailService) {}

  @Get()
  @Can('audit.read')
  list(@Query() q: AuditQueryDto) {
    return this.trail.list(filterOf(q), pageOf(q));
  }

  /** Walks the whole chain: `{"ok":true,"entries":N}` or the first bad entry and why. */
  @Get('verify')
  @Can('audit.read')
  async verify() {
    const v = await this.trail.verify();
    return v.ok ? { ok: true, entries: v.entries, firstHash: v.firstHash, lastHash: v.lastHash } : { ok: false, brokenAt: v.brokenAt, reason: v.reason, entries: v.entries };
  }

  /** Streamed in constant memory; the last line carries the chain proof. */
  @Get('export')
  @Can('audit.read')
  async export(@Query() q: ExportQueryDto, @Res() res: Response) {
    const format = q.format ?? 'jsonl';
    if (format === 'pdf') {
      res.type('application/pdf').attachment('vigil-audit.pdf');
      await this.trail.exportPdf(filterOf(q), res);
      return;
    }
    res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8').attachment(`vigil-audit.${format}`);
    const write = (chunk: string) => new Promise<void>((resolve) => (res.write(chunk) ? resolve() : res.once('drain', () => resolve())));
    await this.trail.export(format, filterOf(q), write);
    res.end();
  }

  @Get('checkpoints')
  @Can('audit.read')
  checkpoints() {
    return this.trail.checkpoints();
  }

  @Post('checkpoints')
  @Can('audit.checkpoint')
  @HttpCode(201)
  checkpoint() {
    return this.trail.checkpoint(true);
  }
}
