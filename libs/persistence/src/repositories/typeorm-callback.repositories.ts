import { Injectable } from '@nestjs/common';
import type { Callback, CallbackReason, CallbackResult, CallbackState, Page, PageRequest, Survey, SurveyAnswer, SurveyChannel, SurveyQuestion, SurveyState } from '@vigil/domain';
import { CallbackRepository, SurveyRepository, type CallbackFilter, type SurveyFilter } from '@vigil/application';
import { CallbackEntity, SurveyEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { pageOf, whereSiteIn } from './page-query';

type StoredResult = Omit<CallbackResult, 'recordedAt'> & { recordedAt: string };

function toCallback({ sourceKey: _s, result, ...e }: CallbackEntity): Callback {
  const r = result ? (JSON.parse(result) as StoredResult) : null;
  return { ...e, reason: e.reason as CallbackReason, state: e.state as CallbackState, result: r ? { ...r, recordedAt: new Date(r.recordedAt) } : null };
}

const toCallbackEntity = (c: Callback): Omit<CallbackEntity, 'sourceKey'> => ({ ...c, result: c.result ? JSON.stringify(c.result) : null });

@Injectable()
export class TypeormCallbackRepository extends CallbackRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(CallbackEntity);
  }
  async findById(id: string): Promise<Callback | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? toCallback(e) : null;
  }
  async findByIdForUpdate(id: string): Promise<Callback | null> {
    const q = this.repo.createQueryBuilder('c').where('c.id = :id', { id });
    if (this.tx.isPostgres) q.setLock('pessimistic_write');
    const e = await q.getOne();
    return e ? toCallback(e) : null;
  }
  async insertFirst(callback: Callback, sourceKey: string): Promise<boolean> {
    if (await this.repo.existsBy({ sourceKey })) return false;
    await this.repo
      .createQueryBuilder()
      .insert()
      .into(CallbackEntity)
      .values({ ...toCallbackEntity(callback), sourceKey })
      .orIgnore()
      .execute();
    return this.repo.existsBy({ id: callback.id });
  }
  async insert(callback: Callback): Promise<void> {
    await this.repo.insert({ ...toCallbackEntity(callback), sourceKey: null });
  }
  async update(callback: Callback): Promise<void> {
    await this.repo.update({ id: callback.id }, toCallbackEntity(callback));
  }
  list(f: CallbackFilter, page: PageRequest): Promise<Page<Callback>> {
    const q = this.repo.createQueryBuilder('c').orderBy('c.dueAt', 'DESC').addOrderBy('c.id', 'ASC');
    if (f.siteId) q.andWhere('c.siteId = :siteId', { siteId: f.siteId });
    if (f.customerId) q.andWhere('c.customerId = :customerId', { customerId: f.customerId });
    whereSiteIn(q, 'c.siteId', f.siteIds);
    if (f.assigneeId) q.andWhere('c.assigneeId = :assigneeId', { assigneeId: f.assigneeId });
    if (f.state) q.andWhere('c.state = :state', { state: f.state });
    if (f.missedAt) q.andWhere("c.state = 'due' AND c.missAt <= :missedAt", { missedAt: f.missedAt.toISOString() });
    if (f.dueFrom) q.andWhere('c.dueAt >= :dueFrom', { dueFrom: f.dueFrom.toISOString() });
    if (f.dueTo) q.andWhere('c.dueAt < :dueTo', { dueTo: f.dueTo.toISOString() });
    if (f.faultId) q.andWhere('c.faultId = :faultId', { faultId: f.faultId });
    if (f.rootId) q.andWhere('c.rootId = :rootId', { rootId: f.rootId });
    return pageOf(q, page, toCallback);
  }
}

const toSurvey = (e: SurveyEntity): Survey => ({
  ...e,
  questions: e.questions as SurveyQuestion[],
  answers: e.answers as SurveyAnswer[],
  state: e.state as SurveyState,
  channel: e.channel as SurveyChannel | null,
});

@Injectable()
export class TypeormSurveyRepository extends SurveyRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(SurveyEntity);
  }
  async findById(id: string): Promise<Survey | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? toSurvey(e) : null;
  }
  async findByIdForUpdate(id: string): Promise<Survey | null> {
    const q = this.repo.createQueryBuilder('s').where('s.id = :id', { id });
    if (this.tx.isPostgres) q.setLock('pessimistic_write');
    const e = await q.getOne();
    return e ? toSurvey(e) : null;
  }
  async insert(survey: Survey): Promise<void> {
    await this.repo.insert(survey);
  }
  async update(survey: Survey): Promise<void> {
    await this.repo.update({ id: survey.id }, survey);
  }
  list(f: SurveyFilter, page: PageRequest): Promise<Page<Survey>> {
    const q = this.repo.createQueryBuilder('s').orderBy('s.createdAt', 'DESC').addOrderBy('s.id', 'ASC');
    if (f.siteId) q.andWhere('s.siteId = :siteId', { siteId: f.siteId });
    if (f.customerId) q.andWhere('s.customerId = :customerId', { customerId: f.customerId });
    if (f.contractId) q.andWhere('s.contractId = :contractId', { contractId: f.contractId });
    whereSiteIn(q, 's.siteId', f.siteIds);
    if (f.period) q.andWhere('s.period = :period', { period: f.period });
    if (f.state) q.andWhere('s.state = :state', { state: f.state });
    if (f.answeredFrom) q.andWhere('s.answeredAt >= :answeredFrom', { answeredFrom: f.answeredFrom.toISOString() });
    if (f.answeredTo) q.andWhere('s.answeredAt < :answeredTo', { answeredTo: f.answeredTo.toISOString() });
    return pageOf(q, page, toSurvey);
  }
}
