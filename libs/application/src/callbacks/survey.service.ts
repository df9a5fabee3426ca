import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  answerProblems,
  DEFAULT_TIME_ZONE,
  formatLocalTime,
  neutraliseCell,
  surveyFailed,
  surveyPeriodRange,
  type Actor,
  type Page,
  type PageRequest,
  type Permission,
  type Survey,
  type SurveyAnswer,
  type LinkChannel,
  type SurveyState,
} from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, ContractRepository, CsvWriter, SiteRepository, SurveyRepository, TransactionRunner } from '../ports';
import { CustomerLinkService } from '../service-desk/customer-link.service';
import { CallbackOpener } from './callback-opener';
import { CallbackSettingsService } from './callback-settings.service';

export interface SurveyListFilter {
  customerId?: string;
  siteId?: string;
  contractId?: string;
  period?: string;
  state?: SurveyState;
}

export interface SurveyAnswerInput {
  answers: SurveyAnswer[];
  comment?: string | null;
  respondent?: string | null;
}

/**
 * Satisfaction surveys (顾客满意度调查表) per site and contract period: the contract's questions, answered 0–10 with
 * a comment, by phone to a desk user or by the customer through a one-time link; frozen once answered. An overall
 * answer under the pass mark opens a follow-up callback.
 */
@Injectable()
export class SurveyService {
  constructor(
    private readonly surveys: SurveyRepository,
    private readonly sites: SiteRepository,
    private readonly contracts: ContractRepository,
    private readonly settings: CallbackSettingsService,
    private readonly opener: CallbackOpener,
    private readonly access: AccessPolicy,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly csv: CsvWriter,
    private readonly links: CustomerLinkService,
  ) {}

  /** A survey of a site for a period (`2026-H2`, `2026-Q4`, `2026-12`) with its contract's questions as they are now. */
  async create(actor: Actor, input: { siteId: string; period: string }): Promise<Survey> {
    await this.access.requireSite(actor, 'survey.write', input.siteId, 'site', input.siteId);
    const site = await this.sites.findById(input.siteId);
    if (!site) throw new NotFoundError('site', input.siteId);
    const contract = site.contractId ? await this.contracts.findById(site.contractId) : null;
    if (!surveyPeriodRange(input.period, contract?.timeZone ?? DEFAULT_TIME_ZONE))
      throw new InputError('period', 'must be a half year 2026-H2, a quarter 2026-Q4 or a month 2026-12');
    const settings = await this.settings.forContract(site.contractId);
    const now = this.clock.now();
    const survey: Survey = {
      id: randomUUID(),
      siteId: site.id,
      customerId: site.customerId,
      contractId: site.contractId,
      period: input.period,
      questions: settings.surveyQuestions,
      passMark: settings.passMark,
      state: 'open',
      channel: null,
      answers: [],
      comment: null,
      respondent: null,
      answeredAt: null,
      recordedBy: null,
      followUpCallbackId: null,
      sentAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.tx.run(async () => {
      await this.surveys.insert(survey);
      await this.audit.record(actor, 'create', 'survey', survey.id, null, survey);
    });
    return survey;
  }

  async list(actor: Actor, f: SurveyListFilter, page: PageRequest): Promise<Page<Survey>> {
    const siteIds = await this.access.siteFilter(actor, 'survey.read');
    return this.surveys.list({ ...f, siteIds }, page);
  }

  async get(actor: Actor, id: string): Promise<Survey> {
    return this.visible(actor, 'survey.read', id);
  }

  /** The customer's answers read out on the phone and recorded by a desk user (channel `phone`). */
  async recordByPhone(actor: Actor, id: string, input: SurveyAnswerInput): Promise<Survey> {
    await this.visible(actor, 'survey.write', id);
    return this.answer(actor, id, input, 'phone', actor.userId ?? actor.username);
  }

  /**
   * The customer's answers given through their one-time link (channel `link`), inside the transaction that uses the
   * link up; `actor` is the link's (`customer-link:<id>`). The link service checked the token.
   */
  async answerThroughLink(actor: Actor, id: string, input: SurveyAnswerInput): Promise<Survey> {
    if (!Array.isArray(input?.answers)) throw new InputError('answers', 'must be a list of {key, score}');
    return this.answer(actor, id, input, 'link', null);
  }

  /**
   * Sends the customer a one-time link to answer the survey themselves (SMS, mail or WeCom to the customer's contact);
   * the survey is `sent` until they do. 400 naming `channel` when the customer has no contact for it.
   */
  async send(actor: Actor, id: string, channel: LinkChannel): Promise<Survey> {
    const survey = await this.visible(actor, 'survey.write', id);
    if (survey.state === 'answered') throw new ConflictError('the survey is answered and cannot change');
    if (!survey.customerId) throw new InputError('id', "the survey's site belongs to no customer: there is nobody to send a link to; record it by phone");
    const contract = survey.contractId ? await this.contracts.findById(survey.contractId) : null;
    await this.links.issue(actor, { purpose: 'survey', subjectId: survey.id, customerId: survey.customerId, siteId: survey.siteId, channel, timeZone: contract?.timeZone });
    return this.change(actor, id, ['open', 'sent'], (s) => ({ ...s, state: 'sent', sentAt: this.clock.now() }));
  }

  /** For the link service: what a customer's page shows (the questions in both languages, the site's name), or 404. */
  async forCustomer(id: string): Promise<{ survey: Survey; siteName: string }> {
    const survey = await this.surveys.findById(id);
    if (!survey) throw new NotFoundError('survey', id);
    const site = await this.sites.findById(survey.siteId);
    return { survey, siteName: site?.name ?? survey.siteId };
  }

  async exportCsv(actor: Actor, f: SurveyListFilter): Promise<string> {
    const { items } = await this.list(actor, f, {});
    const sites = new Map((await this.sites.listAll()).map((s) => [s.id, s]));
    const keys = [...new Set(items.flatMap((s) => s.questions.map((q) => q.key)))];
    const rows: (string | number)[][] = [
      ['id', '站点 site', '周期 period', 'state', 'channel', ...keys, '意见 comment', '受访人 respondent', '回答时间 answered at', 'recorded by', 'follow-up callback'],
      ...items.map((s) => {
        const site = sites.get(s.siteId);
        return [
          s.id,
          neutraliseCell(site ? `${site.name} (${site.code})` : s.siteId),
          s.period,
          s.state,
          s.channel ?? '',
          ...keys.map((k) => s.answers.find((a) => a.key === k)?.score ?? ''),
          neutraliseCell(s.comment),
          neutraliseCell(s.respondent),
          formatLocalTime(s.answeredAt, site?.timeZone ?? DEFAULT_TIME_ZONE),
          s.recordedBy ?? '',
          s.followUpCallbackId ?? '',
        ];
      }),
    ];
    return '\uFEFF' + this.csv.write(rows, 'crlf');
  }

  private async answer(actor: Actor, id: string, input: SurveyAnswerInput, channel: 'phone' | 'link', recordedBy: string | null): Promise<Survey> {
    const current = await this.surveys.findById(id);
    if (!current) throw new NotFoundError('survey', id);
    if (current.state === 'answered') throw new ConflictError('the survey is answered and cannot change');
    const problems = answerProblems(current.questions, input.answers);
    if (problems.length > 0) throw InputError.ofFields(problems);
    return this.change(actor, id, ['open', 'sent'], async (s) => {
      const answeredAt = this.clock.now();
      const answered: Survey = {
        ...s,
        state: 'answered',
        channel,
        answers: input.answers.map((a) => ({ key: a.key, score: a.score })),
        comment: input.comment?.trim() || null,
        respondent: input.respondent?.trim() || null,
        answeredAt,
        recordedBy,
      };
      const followUp = surveyFailed(answered) ? await this.opener.openForSurvey({ ...answered, answeredAt }, actor) : null;
      return { ...answered, followUpCallbackId: followUp?.id ?? null };
    });
  }

  private async change(actor: Actor, id: string, from: SurveyState[], apply: (s: Survey) => Survey | Promise<Survey>): Promise<Survey> {
    return this.tx.run(async () => {
      const before = await this.surveys.findByIdForUpdate(id);
      if (!before) throw new NotFoundError('survey', id);
      if (!from.includes(before.state)) throw new ConflictError(before.state === 'answered' ? 'the survey is answered and cannot change' : `the survey is ${before.state}`);
      const after = { ...(await apply(before)), updatedAt: this.clock.now() };
      await this.surveys.update(after);
      await this.audit.record(actor, 'update', 'survey', id, before, after);
      return after;
    });
  }

  private async visible(actor: Actor, permission: Permission, id: string): Promise<Survey> {
    await this.access.require(actor, permission);
    const survey = await this.surveys.findById(id);
    if (!survey) throw new NotFoundError('survey', id);
    await this.access.requireSite(actor, permission, survey.siteId, 'survey', id);
    return survey;
  }
}
