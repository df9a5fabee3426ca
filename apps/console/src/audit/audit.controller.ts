import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditTrailService, type AuditFilter } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { AuditCheckpointDto, AuditCheckpointListDto, AuditNameDto, AuditPageDto, AuditQueryDto, ChainVerdictDto, ExportQueryDto } from './audit.dto';

const filterOf = (q: AuditQueryDto): AuditFilter => ({
  entity: q.entity,
  entityId: q.entityId,
  actor: q.actor,
  from: q.from ? new Date(q.from) : undefined,
  to: q.to ? new Date(q.to) : undefined,
});

@ApiTags('audit')
@ApiBearerAuth()
@ApiExtraModels(AuditNameDto)
@Controller('api/audit')
export class AuditController {
  constructor(private readonly trail: AuditTrailService) {}

  /** Oldest first, with the names of what the entries name by id (scoped like the entries). */
  @Get()
  @Can('audit.read')
  @ApiOkResponse({ type: AuditPageDto })
  list(@CurrentActor() actor: Actor, @Query() q: AuditQueryDto) {
    return this.trail.list(actor, filterOf(q), pageOf(q));
  }

  /** Walks the whole chain: `{"ok":true,"entries":N,"lastProven"}` or what is wrong, and the last entry it can prove. */
  @Get('verify')
  @Can('audit.read')
  @ApiOkResponse({ type: ChainVerdictDto })
  verify(@CurrentActor() actor: Actor) {
    return this.trail.verify(actor);
  }

  /** Streamed in constant memory; the last line carries the chain proof. */
  @Get('export')
  @Can('audit.read')
  async export(@CurrentActor() actor: Actor, @Query() q: ExportQueryDto, @Res() res: Response) {
    const format = q.format ?? 'jsonl';
    if (format === 'pdf') {
      res.type('application/pdf').attachment('vigil-audit.pdf');
      await this.trail.exportPdf(actor, filterOf(q), res);
      return;
    }
    res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8').attachment(`vigil-audit.${format}`);
    const write = (chunk: string) => new Promise<void>((resolve) => (res.write(chunk) ? resolve() : res.once('drain', () => resolve())));
    await this.trail.export(actor, format, filterOf(q), write);
    res.end();
  }

  @Get('checkpoints')
  @Can('audit.read')
  @ApiOkResponse({ type: AuditCheckpointListDto })
  checkpoints(@CurrentActor() actor: Actor) {
    return this.trail.checkpoints(actor);
  }

  @Post('checkpoints')
  @Can('audit.checkpoint')
  @HttpCode(201)
  @ApiCreatedResponse({ type: AuditCheckpointDto })
  checkpoint(@CurrentActor() actor: Actor) {
    return this.trail.checkpoint(actor);
  }
}
