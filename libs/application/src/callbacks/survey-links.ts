import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { CustomerLink } from '@vigil/domain';
import { LinkPurposes, type LinkUse } from '../service-desk/link-purposes';
import { SurveyService, type SurveyAnswerInput } from './survey.service';

/** The `survey` purpose of one-time links: the customer sees the survey's questions and answers them once (`POST /api/links/{token}/survey`). */
@Injectable()
export class SurveyLinks implements OnModuleInit {
  constructor(
    private readonly purposes: LinkPurposes,
    private readonly surveys: SurveyService,
  ) {}

  onModuleInit(): void {
    this.purposes.register({
      purpose: 'survey',
      label: '填写顾客满意度调查表',
      page: 'survey',
      describe: (link) => this.describe(link),
      actions: { survey: (use, input) => this.answer(use, input) },
    });
  }

  /** The questions in both languages, the site and period; nothing of another customer. */
  async describe(link: CustomerLink): Promise<unknown> {
    const { survey, siteName } = await this.surveys.forCustomer(link.subjectId);
    return { surveyId: survey.id, site: siteName, period: survey.period, state: survey.state, passMark: survey.passMark, questions: survey.questions };
  }

  async answer(use: LinkUse, input: unknown): Promise<unknown> {
    const answered = await this.surveys.answerThroughLink(use.actor, use.link.subjectId, input as SurveyAnswerInput);
    return { surveyId: answered.id, state: answered.state, answeredAt: answered.answeredAt };
  }
}
