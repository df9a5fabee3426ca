import { Injectable } from '@nestjs/common';
import { GENESIS_HASH, hashAuditEntry, type AuditCheckpoint, type AuditEntry, type AuditRecord, type Page, type PageRequest } from '@vigil/domain';
import { AuditRepository, type AuditFilter } from '@vigil/application';
import { AuditCheckpointEntity, AuditEntryEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { pageOf } from './page-query';

/** Lock key that serialises chain appends across every process on one PostgreSQL database. */
const AUDIT_CHAIN_LOCK = 7_411_002;

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export const toAuditEntry = (e: AuditEntryEntity): AuditEntry => ({ ...e, before: parse(e.before), after: parse(e.after) });

@Injectable()
export class TypeormAuditRepository extends AuditRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }

  append(record: AuditRecord): Promise<AuditEntry> {
    return this.tx.run(async () => {
      const manager = this.tx.manager();
      // SQLite transactions are already one at a time; PostgreSQL needs the lock until commit.
      if (this.tx.isPostgres) await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
      const head = await manager.getRepository(AuditEntryEntity).find({ order: { id: 'DESC' }, take: 1 });
      const id = (head[0]?.id ?? 0) + 1;
      const prevHash = head[0]?.hash ?? GENESIS_HASH;
      // Round-trip before/after through JSON so the hash covers exactly what is stored.
      const stored = { ...record, before: parse(json(record.before)), after: parse(json(record.after)) };
      const hash = hashAuditEntry(id, prevHash, stored);
      await manager.getRepository(AuditEntryEntity).insert({
        ...record, id, prevHash, hash, before: json(record.before), after: json(record.after),
      });
      return { ...stored, id, prevHash, hash };
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

  checkpoints(): Promise<AuditCheckpoint[]> {
    return this.tx.manager().getRepository(AuditCheckpointEntity).find({ order: { id: 'ASC' } });
  }

  async addCheckpoint(c: Omit<AuditCheckpoint, 'id'>): Promise<AuditCheckpoint> {
    const saved = await this.tx.manager().getRepository(AuditCheckpointEntity).save(c);
    return { ...c, id: saved.id };
  }

  purgeThrough(id: number): Promise<number> {
    return this.tx.run(async () => {
      const manager = this.tx.manager();
      if (this.tx.isPostgres) {
        await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
        await manager.query("SELECT set_config('vigil.audit_purge', 'on', true)");
      }
      const result = await manager.createQueryBuilder().delete().from(AuditEntryEntity).where('id <= :id', { id }).execute();
      return result.affected ?? 0;
    });
  }

  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    return pageOf(this.filtered(filter), page, toAuditEntry);
  }

  private filtered(filter: AuditFilter) {
    const q = this.tx.manager().getRepository(AuditEntryEntity).createQueryBuilder('a').orderBy('a.id', 'ASC');
    if (filter.entity) q.andWhere('a.entity = :entity', { entity: filter.entity });
    if (filter.entityId) q.andWhere('a.entityId = :entityId', { entityId: filter.entityId });
    if (filter.actor) q.andWhere('a.actor = :actor', { actor: filter.actor });
    if (filter.from) q.andWhere('a.at >= :from', { from: filter.from.toISOString() });
    if (filter.to) q.andWhere('a.at <= :to', { to: filter.to.toISOString() });
    return q;
  }
}
