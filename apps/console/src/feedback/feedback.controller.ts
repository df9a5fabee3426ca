import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { FeedbackExportService, FeedbackService, type FeedbackListFilter } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor, Idempotent } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import {
  CloseFeedbackDto,
  ConfirmFeedbackDto,
  CreateFeedbackDto,
  FeedbackFilterDto,
  FeedbackQueryDto,
  ReopenFeedbackDto,
  ResolveFeedbackDto,
  SendConfirmationDto,
  UpdateFeedbackDto,
} from './feedback.dto';

const filterOf = (q: FeedbackFilterDto): FeedbackListFilter => ({
  customerId: q.customerId,
  siteId: q.siteId,
  deviceId: q.deviceId,
  faultId: q.faultId,
  kind: q.kind,
  channel: q.channel,
  state: q.state,
  overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
  month: q.month,
});

@ApiTags('feedback')
@ApiBearerAuth()
@Controller('api/feedback')
export class FeedbackController {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly exports: FeedbackExportService,
  ) {}

  @Post()
  @Can('feedback.write')
  @Idempotent()
  create(@CurrentActor() actor: Actor, @Body() body: CreateFeedbackDto) {
    return this.feedback.create(actor, { ...body, receivedAt: body.receivedAt ? new Date(body.receivedAt) : undefined });
  }

  @Get()
  @Can('feedback.read')
  list(@CurrentActor() actor: Actor, @Query() q: FeedbackQueryDto) {
    return this.feedback.list(actor, filterOf(q), pageOf(q));
  }

  @Get('export.csv')
  @Can('feedback.read')
  @ApiProduces('text/csv')
  async csv(@CurrentActor() actor: Actor, @Query() q: FeedbackFilterDto, @Res() res: Response) {
    res
      .type('text/csv; charset=utf-8')
      .attachment('feedback.csv')
      .send(await this.exports.exportCsv(actor, filterOf(q)));
  }

  @Get(':id')
  @Can('feedback.read')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.feedback.get(actor, id);
  }

  @Patch(':id')
  @Can('feedback.write')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateFeedbackDto) {
    return this.feedback.update(actor, id, body);
  }

  @Post(':id/resolve')
  @Can('feedback.write')
  @Idempotent()
  @HttpCode(200)
  resolve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ResolveFeedbackDto) {
    return this.feedback.resolve(actor, id, body.resolution);
  }

  @Post(':id/reopen')
  @Can('feedback.write')
  @Idempotent()
  @HttpCode(200)
  reopen(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ReopenFeedbackDto) {
    return this.feedback.reopen(actor, id, body.reason);
  }

  @Post(':id/confirm')
  @Can('feedback.write')
  @Idempotent()
  @HttpCode(200)
  confirm(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ConfirmFeedbackDto) {
    return this.feedback.confirmByPhone(actor, id, { name: body.name, at: body.at ? new Date(body.at) : undefined, note: body.note });
  }

  @Post(':id/send-confirmation')
  @Can('feedback.write')
  @Idempotent()
  @HttpCode(200)
  sendConfirmation(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: SendConfirmationDto) {
    return this.feedback.sendConfirmation(actor, id, body.channel);
  }

  @Post(':id/close')
  @Can('feedback.close')
  @Idempotent()
  @HttpCode(200)
  close(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CloseFeedbackDto) {
    return this.feedback.close(actor, id, body.resolution ?? null);
  }
}
