import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PatrolService, PatrolReportService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor, Idempotent } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { AssignPatrolDto, CorrectionDto, PatrolQueryDto, RecordLineDto, SignPatrolDto } from './patrol.dto';

@ApiTags('patrols')
@ApiBearerAuth()
@Controller('api/patrols')
export class PatrolsController {
  constructor(
    private readonly patrols: PatrolService,
    private readonly reports: PatrolReportService,
  ) {}

  @Get()
  @Can('patrol.read')
  list(@CurrentActor() actor: Actor, @Query() q: PatrolQueryDto) {
    return this.patrols.list(actor, { siteId: q.siteId, contractId: q.contractId, period: q.period, state: q.state, kind: q.kind, assigneeId: q.assigneeId }, pageOf(q));
  }

  @Get(':id')
  @Can('patrol.read')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.patrols.get(actor, id);
  }

  @Get(':id/report.csv')
  @Can('patrol.read')
  async csv(@CurrentActor() actor: Actor, @Param('id') id: string, @Res() res: Response) {
    res
      .type('text/csv; charset=utf-8')
      .attachment(`patrol-${id}.csv`)
      .send(await this.reports.patrolCsv(actor, id));
  }

  @Get(':id/report.pdf')
  @Can('patrol.read')
  async pdf(@CurrentActor() actor: Actor, @Param('id') id: string, @Res() res: Response) {
    res
      .type('application/pdf')
      .attachment(`patrol-${id}.pdf`)
      .send(await this.reports.patrolPdf(actor, id));
  }

  @Post(':id/assign')
  @Can('patrol.assign')
  @HttpCode(200)
  assign(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: AssignPatrolDto) {
    return this.patrols.assign(actor, id, body.assigneeId);
  }

  @Post(':id/start')
  @Can('patrol.work')
  @Idempotent()
  @HttpCode(200)
  start(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.patrols.start(actor, id);
  }

  @Put(':id/lines/:lineKey')
  @Can('patrol.work')
  @Idempotent()
  record(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('lineKey') lineKey: string, @Body() body: RecordLineDto) {
    return this.patrols.record(actor, id, lineKey, body);
  }

  @Post(':id/lines/:lineKey/photos')
  @Can('patrol.work')
  @Idempotent()
  @ApiConsumes('image/jpeg', 'image/png')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  photo(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('lineKey') lineKey: string, @Body() body: unknown) {
    return this.patrols.addPhoto(actor, id, lineKey, body);
  }

  @Get(':id/photos/:photoId')
  @Can('patrol.read')
  async getPhoto(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('photoId') photoId: string, @Res() res: Response) {
    const photo = await this.patrols.photo(actor, id, photoId);
    res.type(photo.contentType).send(photo.data);
  }

  @Post(':id/submit')
  @Can('patrol.work')
  @Idempotent()
  @HttpCode(200)
  submit(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.patrols.submit(actor, id);
  }

  @Post(':id/sign')
  @Can('patrol.sign')
  @Idempotent()
  @HttpCode(200)
  sign(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: SignPatrolDto) {
    return this.patrols.sign(actor, id, body);
  }

  @Post(':id/corrections')
  @Can('patrol.work')
  @Idempotent()
  correct(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CorrectionDto) {
    return this.patrols.correct(actor, id, body);
  }
}
