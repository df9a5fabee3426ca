import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { ComplaintLevel, CustomerConfirmation, FeedbackChannel, FeedbackEntry, FeedbackHistoryItem, FeedbackKind, FeedbackState, Page, PageRequest } from '@vigil/domain';
import { FeedbackRepository, type FeedbackFilter } from '@vigil/application';
import { FeedbackEntryEntity, FeedbackHistoryEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { pageOf } from './page-query';

type StoredConfirmation = Omit<CustomerConfirmation, 'at'> & { at: string };

function toEntry(e: FeedbackEntryEntity): FeedbackEntry {
  const c = e.confirmation ? (JSON.parse(e.confirmation) as StoredConfirmation) : null;
  return {
    ...e,
    kind: e.kind as FeedbackKind,
    channel: e.channel as FeedbackChannel,
    state: e.state as FeedbackState,
    level: e.level as ComplaintLevel | null,
    confirmationRequired: Boolean(e.confirmationRequired),
    confirmation: c ? { ...c, at: new Date(c.at) } : null,
  };
}

const toEntity = (f: FeedbackEntry): FeedbackEntryEntity => ({ ...f, confirmation: f.confirmation ? JSON.stringify(f.confirmation) : null });

@Injectable()
export class TypeormFeedbackRepository extends FeedbackRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get entries() {
    return this.tx.manager().getRepository(FeedbackEntryEntity);
  }
  async findById(id: string): Promise<FeedbackEntry | null> {
    const e = await this.entries.findOneBy({ id });
    return e ? toEntry(e) : null;
  }
  async findByIdForUpdate(id: string): Promise<FeedbackEntry | null> {
    const q = this.entries.createQueryBuilder('f').where('f.id = :id', { id });
    if (this.tx.isPostgres) q.setLock('pessimistic_write');
    const e = await q.getOne();
    return e ? toEntry(e) : null;
  }
  async findByIds(ids: string[]): Promise<FeedbackEntry[]> {
    if (ids.length === 0) return [];
    return (await this.entries.findBy({ id: In(ids) })).map(toEntry);
  }
  async insert(entry: FeedbackEntry): Promise<void> {
    await this.entries.insert(toEntity(entry));
  }
  async update(entry: FeedbackEntry): Promise<void> {
    const { id, ...rest } = toEntity(entry);
    await this.entries.update({ id }, rest);
  }
  list(f: FeedbackFilter, page: PageRequest): Promise<Page<FeedbackEntry>> {
    const q = this.entries.createQueryBuilder('f').orderBy('f.receivedAt', 'DESC').addOrderBy('f.id', 'ASC');
    const sites = f.siteIds ?? null;
    const customers = f.customerIds ?? null;
    if (sites !== null || customers !== null) {
      // a scoped user: entries at their sites, and entries of no site of a customer they read
      const parts: string[] = [];
      const params: Record<string, unknown> = {};
      if (sites === null) parts.push('f.siteId IS NOT NULL');
      else if (sites.length > 0) {
        parts.push('f.siteId IN (:...scopeSites)');
        params.scopeSites = sites;
      }
      if (customers === null) parts.push('f.siteId IS NULL');
      else if (customers.length > 0) {
        parts.push('(f.siteId IS NULL AND f.customerId IN (:...scopeCustomers))');
        params.scopeCustomers = customers;
      }
      q.andWhere(parts.length > 0 ? `(${parts.join(' OR ')})` : '1 = 0', params);
    }
    for (const key of ['customerId', 'siteId', 'deviceId', 'faultId', 'kind', 'channel', 'state'] as const) {
      if (f[key] !== undefined) q.andWhere(`f.${key} = :${key}`, { [key]: f[key] });
    }
    if (f.overdueAt) q.andWhere("f.dueAt IS NOT NULL AND f.dueAt <= :overdueAt AND f.state IN ('open', 'in-progress')", { overdueAt: f.overdueAt.toISOString() });
    if (f.from) q.andWhere('f.receivedAt >= :from', { from: f.from.toISOString() });
    if (f.to) q.andWhere('f.receivedAt < :to', { to: f.to.toISOString() });
    return pageOf(q, page, toEntry);
  }
  async addHistory(entryId: string, item: FeedbackHistoryItem): Promise<void> {
    await this.tx
      .manager()
      .getRepository(FeedbackHistoryEntity)
      .insert({ entryId, at: item.at, actor: item.actor.slice(0, 100), type: item.type, detail: item.detail ? JSON.stringify(item.detail) : null });
  }
  async history(entryId: string): Promise<FeedbackHistoryItem[]> {
    const rows = await this.tx
      .manager()
      .getRepository(FeedbackHistoryEntity)
      .find({ where: { entryId }, order: { id: 'ASC' } });
    return rows.map((r) => ({ at: r.at, actor: r.actor, type: r.type, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null }));
  }
}
