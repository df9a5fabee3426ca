import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { InputError, PatrolService, PatrolReportService, ScopeService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { CurrentActor, Roles } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { AssignPatrolDto, CorrectionDto, PatrolQueryDto, RecordLineDto, SignPatrolDto } from './patrol.dto';

const EVERYONE = ['admin', 'supervisor', 'operator', 'engineer', 'auditor'] as const;

@ApiTags('patrols')
@ApiBearerAuth()
@Controller('api/patrols')
export class PatrolsController {
  constructor(private readonly patrols: PatrolService, private readonly reports: PatrolReportService, private readonly scope: ScopeService) {}

  @Get()
  @Roles(...EVERYONE)
  async list(@CurrentActor() actor: Actor, @Query() q: PatrolQueryDto) {
    return this.patrols.list({
      siteId: q.siteId, contractId: q.contractId, period: q.period, state: q.state, kind: q.kind, assigneeId: q.assigneeId, siteIds: await this.scope.siteIdsOf(actor),
    }, pageOf(q));
  }

  @Get(':id')
  @Roles(...EVERYONE)
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    const patrol = await this.patrols.get(id);
    await this.scope.requireSite(actor, patrol.siteId, 'patrol', id);
    return patrol;
  }

  @Get(':id/report.csv')
  @Roles(...EVERYONE)
  async csv(@Param('id') id: string, @Res() res: Response) {
    res.type('text/csv; charset=utf-8').attachment(`patrol-${id}.csv`).send(await this.reports.patrolCsv(id));
  }

  @Get(':id/report.pdf')
  @Roles(...EVERYONE)
  async pdf(@Param('id') id: string, @Res() res: Response) {
    res.type('application/pdf').attachment(`patrol-${id}.pdf`).send(await this.reports.patrolPdf(id));
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles('supervisor', 'operator')
  assign(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: AssignPatrolDto) {
    return this.patrols.assign(actor, id, body.assigneeId);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Roles('supervisor', 'engineer')
  start(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.patrols.start(actor, id);
  }

  @Put(':id/lines/:lineKey')
  @Roles('supervisor', 'engineer')
  record(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('lineKey') lineKey: string, @Body() body: RecordLineDto) {
    return this.patrols.record(actor, id, lineKey, body);
  }

  @Post(':id/lines/:lineKey/photos')
  @Roles('supervisor', 'engineer')
  @ApiConsumes('image/jpeg', 'image/png')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  photo(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('lineKey') lineKey: string, @Body() body: unknown) {
    if (!Buffer.isBuffer(body)) throw new InputError('file', 'send the image as the body with Content-Type image/jpeg or image/png (at most 5 MiB)');
    return this.patrols.addPhoto(actor, id, lineKey, body);
  }

  @Get(':id/photos/:photoId')
  @Roles(...EVERYONE)
  async getPhoto(@Param('id') id: string, @Param('photoId') photoId: string, @Res() res: Response) {
    const photo = await this.patrols.photo(id, photoId);
    res.type(photo.contentType).send(photo.data);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('supervisor', 'engineer')
  submit(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.patrols.submit(actor, id);
  }

  @Post(':id/sign')
  @HttpCode(200)
  @Roles('supervisor', 'engineer')
  sign(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: SignPatrolDto) {
    return this.patrols.sign(actor, id, body);
  }

  @Post(':id/corrections')
  @Roles('supervisor', 'engineer')
  correct(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CorrectionDto) {
    return this.patrols.correct(actor, id, body);
  }
}
