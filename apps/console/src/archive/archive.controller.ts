import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ArchiveDocumentsService, ArchiveService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';
import { ArchiveFilterDto, ArchivePeriodDto, ArchiveQueryDto, requestOf } from './archive.dto';

/** 维护保养档案: the maintenance archive of a device, a site or a contract, and the handover document of a contract's period. */
@ApiTags('archive')
@ApiBearerAuth()
@Controller('api')
export class ArchiveController {
  constructor(
    private readonly archive: ArchiveService,
    private readonly documents: ArchiveDocumentsService,
  ) {}

  /** One timeline, oldest first: status runs, conditions, firmware, faults with SLA outcomes, repairs, patrols and every kind registered since. */
  @Get('archive')
  @Can('archive.read')
  list(@CurrentActor() actor: Actor, @Query() q: ArchiveQueryDto) {
    return this.archive.list(actor, requestOf(q), { limit: q.limit, offset: q.offset });
  }

  @Get('archive/export.csv')
  @Can('archive.read')
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="vigil-archive.csv"')
  exportCsv(@CurrentActor() actor: Actor, @Query() q: ArchiveFilterDto): Promise<string> {
    return this.archive.exportCsv(actor, requestOf(q));
  }

  @Get('archive/export.pdf')
  @Can('archive.read')
  @ApiProduces('application/pdf')
  async exportPdf(@CurrentActor() actor: Actor, @Query() q: ArchiveFilterDto, @Res() res: Response) {
    res
      .type('application/pdf')
      .attachment('vigil-archive.pdf')
      .send(await this.documents.exportPdf(actor, requestOf(q)));
  }

  /** The archive of a contract's period as one document for handover: a cover, then per site its devices and every record. */
  @Get('contracts/:id/archive.pdf')
  @Can('archive.read')
  @ApiProduces('application/pdf')
  async handoverPdf(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() q: ArchivePeriodDto, @Res() res: Response) {
    res
      .type('application/pdf')
      .attachment(`vigil-handover-${id}.pdf`)
      .send(await this.documents.handoverPdf(actor, id, q.from, q.to));
  }
}
