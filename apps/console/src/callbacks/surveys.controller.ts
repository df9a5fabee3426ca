import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SurveyService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor, Idempotent } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { CreateSurveyDto, SendSurveyDto, SurveyAnswersDto, SurveyQueryDto } from './callback.dto';

const filterOf = (q: SurveyQueryDto) => ({ customerId: q.customerId, siteId: q.siteId, contractId: q.contractId, period: q.period, state: q.state });

@ApiTags('surveys')
@ApiBearerAuth()
@Controller('api/surveys')
export class SurveysController {
  constructor(private readonly surveys: SurveyService) {}

  @Post()
  @Can('survey.write')
  @Idempotent()
  create(@CurrentActor() actor: Actor, @Body() body: CreateSurveyDto) {
    return this.surveys.create(actor, body);
  }

  @Get()
  @Can('survey.read')
  list(@CurrentActor() actor: Actor, @Query() q: SurveyQueryDto) {
    return this.surveys.list(actor, filterOf(q), pageOf(q));
  }

  @Get('export.csv')
  @Can('survey.read')
  async csv(@CurrentActor() actor: Actor, @Query() q: SurveyQueryDto, @Res() res: Response) {
    res
      .type('text/csv; charset=utf-8')
      .attachment('surveys.csv')
      .send(await this.surveys.exportCsv(actor, filterOf(q)));
  }

  @Get(':id')
  @Can('survey.read')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.surveys.get(actor, id);
  }

  /** The answers a desk user took down on the phone (channel `phone`). */
  @Post(':id/answers')
  @Can('survey.write')
  @Idempotent()
  @HttpCode(200)
  record(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: SurveyAnswersDto) {
    return this.surveys.recordByPhone(actor, id, body);
  }

  /** Sends the customer a one-time link to answer it themselves; the survey is `sent` until they do. */
  @Post(':id/send')
  @Can('survey.write')
  @Idempotent()
  @HttpCode(200)
  send(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: SendSurveyDto) {
    return this.surveys.send(actor, id, body.channel);
  }
}
