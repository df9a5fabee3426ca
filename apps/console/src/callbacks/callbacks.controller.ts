import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CallbackService, CallbackSettingsService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor, Idempotent } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { AssignCallbackDto, CallbackQueryDto, CallbackResultDto, CallbackSettingsDto } from './callback.dto';

const filterOf = (q: CallbackQueryDto) => ({ customerId: q.customerId, siteId: q.siteId, assigneeId: q.assigneeId, state: q.state, missed: q.missed, month: q.month });

@ApiTags('callbacks')
@ApiBearerAuth()
@Controller('api')
export class CallbacksController {
  constructor(
    private readonly callbacks: CallbackService,
    private readonly settings: CallbackSettingsService,
  ) {}

  @Get('callbacks')
  @Can('callback.read')
  list(@CurrentActor() actor: Actor, @Query() q: CallbackQueryDto) {
    return this.callbacks.list(actor, filterOf(q), pageOf(q));
  }

  @Get('callbacks/export.csv')
  @Can('callback.read')
  async csv(@CurrentActor() actor: Actor, @Query() q: CallbackQueryDto, @Res() res: Response) {
    res
      .type('text/csv; charset=utf-8')
      .attachment('callbacks.csv')
      .send(await this.callbacks.exportCsv(actor, filterOf(q)));
  }

  @Get('callbacks/:id')
  @Can('callback.read')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.callbacks.get(actor, id);
  }

  @Post('callbacks/:id/assign')
  @Can('callback.assign')
  @HttpCode(200)
  assign(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: AssignCallbackDto) {
    return this.callbacks.assign(actor, id, body.assigneeId);
  }

  @Post('callbacks/:id/result')
  @Can('callback.record')
  @Idempotent()
  @HttpCode(200)
  record(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CallbackResultDto) {
    return this.callbacks.record(actor, id, body);
  }

  @Get('contracts/:id/callback-settings')
  @Can('estate.read')
  getSettings(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.settings.get(actor, id);
  }

  @Put('contracts/:id/callback-settings')
  @Can('contract.write')
  putSettings(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CallbackSettingsDto) {
    return this.settings.replace(actor, id, body.settings);
  }
}
