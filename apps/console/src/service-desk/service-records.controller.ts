import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ServiceRecordReportService, ServiceRecordService, type ServiceRecordListFilter } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor, Idempotent } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { CreateServiceRecordDto, SendLinkDto, ServiceRecordCorrectionDto, ServiceRecordQueryDto, SignServiceRecordDto, UpdateServiceRecordDto } from './service-record.dto';

const instant = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));
const filterOf = (q: ServiceRecordQueryDto): ServiceRecordListFilter => ({
  customerId: q.customerId,
  contractId: q.contractId,
  siteId: q.siteId,
  jobId: q.jobId,
  kind: q.kind,
  state: q.state,
  flagged: q.flagged,
  month: q.month,
});

@ApiTags('service records')
@ApiBearerAuth()
@Controller('api/service-records')
export class ServiceRecordsController {
  constructor(
    private readonly records: ServiceRecordService,
    private readonly reports: ServiceRecordReportService,
  ) {}

  @Get()
  @Can('service-record.read')
  list(@CurrentActor() actor: Actor, @Query() q: ServiceRecordQueryDto) {
    return this.records.list(actor, filterOf(q), pageOf(q));
  }

  @Get('export.csv')
  @Can('service-record.read')
  async exportCsv(@CurrentActor() actor: Actor, @Query() q: ServiceRecordQueryDto, @Res() res: Response) {
    res
      .type('text/csv; charset=utf-8')
      .attachment('service-records.csv')
      .send(await this.reports.exportCsv(actor, filterOf(q)));
  }

  @Post()
  @Can('service-record.write')
  @Idempotent()
  create(@CurrentActor() actor: Actor, @Body() b: CreateServiceRecordDto) {
    return this.records.create(actor, { ...b, onSiteAt: instant(b.onSiteAt), offSiteAt: instant(b.offSiteAt) });
  }

  @Get(':id')
  @Can('service-record.read')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.records.get(actor, id);
  }

  @Patch(':id')
  @Can('service-record.write')
  @Idempotent()
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() b: UpdateServiceRecordDto) {
    return this.records.update(actor, id, { workDone: b.workDone, partsUsed: b.partsUsed, onSiteAt: instant(b.onSiteAt), offSiteAt: instant(b.offSiteAt) });
  }

  @Get(':id/customer-copy.pdf')
  @Can('service-record.read')
  async customerCopy(@CurrentActor() actor: Actor, @Param('id') id: string, @Res() res: Response) {
    res
      .type('application/pdf')
      .attachment(`service-record-${id}.pdf`)
      .send(await this.reports.customerCopy(actor, id));
  }

  @Post(':id/photos')
  @Can('service-record.write')
  @Idempotent()
  @ApiConsumes('image/jpeg', 'image/png')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  photo(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown) {
    return this.records.addPhoto(actor, id, body);
  }

  @Get(':id/photos/:photoId')
  @Can('service-record.read')
  async getPhoto(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('photoId') photoId: string, @Res() res: Response) {
    const photo = await this.records.photo(actor, id, photoId);
    res.type(photo.contentType).send(photo.data);
  }

  /** The link goes to the customer's contact; the answer tells where, never the link itself. */
  @Post(':id/send-link')
  @Can('service-record.write')
  @HttpCode(200)
  sendLink(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() b: SendLinkDto) {
    return this.records.sendLink(actor, id, b.channel);
  }

  @Post(':id/sign')
  @Can('service-record.sign')
  @Idempotent()
  @HttpCode(200)
  sign(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() b: SignServiceRecordDto) {
    return this.records.sign(actor, id, b);
  }

  @Post(':id/corrections')
  @Can('service-record.write')
  @Idempotent()
  correct(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() b: ServiceRecordCorrectionDto) {
    return this.records.correct(actor, id, b);
  }
}
