import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  auditOwner,
  hashAuditEntry,
  headSigned,
  nextLink,
  sealHead,
  signCheckpoint,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditHead,
  type AuditRecord,
  type Page,
  type PageRequest,
} from '@vigil/domain';
import { AuditRepository, KeyStore, type AuditFilter } from '@vigil/application';
import { AuditCheckpointEntity, AuditEntryEntity, AuditHeadEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { pageOf } from './page-query';

/** Lock key that serialises chain appends across every process on one PostgreSQL database. */
const AUDIT_CHAIN_LOCK = 7_411_002;
const HEAD_ROW = 1;

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export const toAuditEntry = (e: AuditEntryEntity): AuditEntry => ({ ...e, before: parse(e.before), after: parse(e.after) });
const toHead = (h: AuditHeadEntity | null): AuditHead | null => (h ? { lastId: h.lastId, lastHash: h.lastHash, count: h.count, signature: h.signature } : null);

@Injectable()
export class TypeormAuditRepository extends AuditRepository {
  constructor(
    private readonly tx: TypeormTransactionRunner,
    private readonly keys: KeyStore,
  ) {
    super();
  }

  append(record: AuditRecord): Promise<AuditEntry> {
    return this.underChainLock(async (manager) => {
      const key = await this.keys.key('audit');
      const [last] = await manager.getRepository(AuditEntryEntity).find({ select: { id: true, hash: true }, order: { id: 'DESC' }, take: 1 });
      const link = nextLink(key, toHead(await manager.getRepository(AuditHeadEntity).findOneBy({ id: HEAD_ROW })), last ?? null);
      // Round-trip before/after through JSON so the hash covers exactly what is stored.
      const stored = { ...record, before: parse(json(record.before)), after: parse(json(record.after)) };
      const hash = hashAuditEntry(link.id, link.prevHash, stored);
      const owner = auditOwner(stored);
      await manager.getRepository(AuditEntryEntity).insert({
        ...record,
        ...owner,
        id: link.id,
        prevHash: link.prevHash,
        hash,
        before: json(record.before),
        after: json(record.after),
      });
      if (link.count !== null) await this.writeHead(manager, sealHead(key, link.id, hash, link.count));
      return { ...stored, ...owner, id: link.id, prevHash: link.prevHash, hash };
    });
  }

  async page(afterId: number, limit: number, filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const q = this.filtered(filter).andWhere('a.id > :afterId', { afterId }).take(limit);
    return (await q.getMany()).map(toAuditEntry);
  }

  async head(): Promise<{ id: number; hash: string; count: number } | null> {
    const repo = this.tx.manager().getRepository(AuditEntryEntity);
    const [last] = await repo.find({ order: { id: 'DESC' }, take: 1 });
    return last ? { id: last.id, hash: last.hash, count: await repo.count() } : null;
  }

  signedHead(): Promise<{ head: AuditHead | null; lastEntryId: number | null }> {
    return this.underChainLock(async (manager) => {
      const [last] = await manager.getRepository(AuditEntryEntity).find({ select: { id: true }, order: { id: 'DESC' }, take: 1 });
      return { head: toHead(await manager.getRepository(AuditHeadEntity).findOneBy({ id: HEAD_ROW })), lastEntryId: last?.id ?? null };
    });
  }

  checkpoints(): Promise<AuditCheckpoint[]> {
    return this.tx
      .manager()
      .getRepository(AuditCheckpointEntity)
      .find({ order: { id: 'ASC' } });
  }

  async addCheckpoint(c: Omit<AuditCheckpoint, 'id'>): Promise<AuditCheckpoint> {
    const saved = await this.tx.manager().getRepository(AuditCheckpointEntity).save(c);
    return { ...c, id: saved.id };
  }

  purgeThrough(id: number): Promise<number> {
    return this.underChainLock(async (manager) => {
      if (this.tx.isPostgres) await manager.query("SELECT set_config('vigil.audit_purge', 'on', true)");
      const result = await manager.createQueryBuilder().delete().from(AuditEntryEntity).where('id <= :id', { id }).execute();
      const removed = result.affected ?? 0;
      const key = await this.keys.key('audit');
      const head = toHead(await manager.getRepository(AuditHeadEntity).findOneBy({ id: HEAD_ROW }));
      // a head that is already wrong stays wrong: the purge does not launder it
      if (head && headSigned(key, head)) await this.writeHead(manager, sealHead(key, head.lastId, head.lastHash, head.count - removed));
      return removed;
    });
  }

  resign(key: string): Promise<number> {
    return this.underChainLock(async (manager) => {
      const checkpoints = manager.getRepository(AuditCheckpointEntity);
      const all = await checkpoints.find({ order: { id: 'ASC' } });
      for (const c of all) await checkpoints.update({ id: c.id }, { signature: signCheckpoint(key, c) });
      const head = toHead(await manager.getRepository(AuditHeadEntity).findOneBy({ id: HEAD_ROW }));
      if (head) await this.writeHead(manager, sealHead(key, head.lastId, head.lastHash, head.count));
      return all.length;
    });
  }

  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    return pageOf(this.filtered(filter), page, toAuditEntry);
  }

  /** One writer at a time: SQLite transactions already are; PostgreSQL needs the lock until commit. */
  private underChainLock<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.tx.run(async () => {
      const manager = this.tx.manager();
      if (this.tx.isPostgres) await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
      return work(manager);
    });
  }

  private async writeHead(manager: EntityManager, head: AuditHead): Promise<void> {
    await manager.getRepository(AuditHeadEntity).upsert({ id: HEAD_ROW, ...head }, { conflictPaths: ['id'] });
  }

  private filtered(filter: AuditFilter) {
    const q = this.tx.manager().getRepository(AuditEntryEntity).createQueryBuilder('a').orderBy('a.id', 'ASC');
    if (filter.entity) q.andWhere('a.entity = :entity', { entity: filter.entity });
    if (filter.entityId) q.andWhere('a.entityId = :entityId', { entityId: filter.entityId });
    if (filter.actor) q.andWhere('a.actor = :actor', { actor: filter.actor });
    if (filter.from) q.andWhere('a.at >= :from', { from: filter.from.toISOString() });
    if (filter.to) q.andWhere('a.at <= :to', { to: filter.to.toISOString() });
    const v = filter.visibleTo;
    if (v) {
      // the SQL form of auditVisible; an empty list matches nothing
      const none = [''];
      q.andWhere('(a.siteId IN (:...vSites) OR a.customerId IN (:...vWhole) OR (a.siteId IS NULL AND a.customerId IN (:...vRead)))', {
        vSites: v.siteIds.length ? v.siteIds : none,
        vWhole: v.wholeCustomerIds.length ? v.wholeCustomerIds : none,
        vRead: v.readCustomerIds.length ? v.readCustomerIds : none,
      });
    }
    return q;
  }
}
