import { Injectable } from '@nestjs/common';
import { In, IsNull, Not } from 'typeorm';
import {
  isFaultOpen,
  openFaultKey,
  type Fault,
  type FaultKind,
  type FaultLevel,
  type FaultSource,
  type FaultState,
  type Page,
  type PageRequest,
  type ReportChannel,
  type SlaPause,
} from '@vigil/domain';
import { FaultRepository, type FaultFilter, type FaultHistoryEntry } from '@vigil/application';
import { FaultAffectedEntity, FaultEntity, FaultHistoryEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { pageOf, whereSiteIn } from './page-query';
import { chunks, param } from './sql-dialect';

type StoredPause = { from: string; to: string | null; reason: string };

export function toFault({ openKey: _key, slaRecord: _sla, pauses, ...e }: FaultEntity): Fault {
  return {
    ...e,
    kind: e.kind as FaultKind,
    level: e.level as FaultLevel,
    state: e.state as FaultState,
    source: e.source as FaultSource,
    channel: e.channel as ReportChannel | null,
    pauses: (JSON.parse(pauses) as StoredPause[]).map((p): SlaPause => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null, reason: p.reason })),
  };
}

function toEntity(f: Fault): FaultEntity {
  return Object.assign(new FaultEntity(), {
    ...f,
    pauses: JSON.stringify(f.pauses.map((p) => ({ from: p.from.toISOString(), to: p.to?.toISOString() ?? null, reason: p.reason }))),
    openKey: isFaultOpen(f) ? openFaultKey(f) : null,
  });
}

@Injectable()
export class TypeormFaultRepository extends FaultRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(FaultEntity);
  }
  private get affected() {
    return this.tx.manager().getRepository(FaultAffectedEntity);
  }
  async findById(id: string): Promise<Fault | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? toFault(e) : null;
  }
  async findOpenByKey(key: string): Promise<Fault | null> {
    const e = await this.repo.findOneBy({ openKey: key });
    return e ? toFault(e) : null;
  }
  async insertOpen(fault: Fault): Promise<boolean> {
    // INSERT … ON CONFLICT DO NOTHING (OR IGNORE on SQLite): a concurrent twin loses quietly instead of aborting the transaction
    await this.repo.createQueryBuilder().insert().into(FaultEntity).values(toEntity(fault)).orIgnore().execute();
    return await this.repo.existsBy({ id: fault.id });
  }
  async update(fault: Fault): Promise<void> {
    await this.repo.save(toEntity(fault));
  }
  async findByIdForUpdate(id: string): Promise<Fault | null> {
    const q = this.repo.createQueryBuilder('f').where('f.id = :id', { id });
    if (this.tx.isPostgres) q.setLock('pessimistic_write');
    const e = await q.getOne();
    return e ? toFault(e) : null;
  }
  async recordSla(id: string, outcome: unknown): Promise<void> {
    const m = this.tx.manager();
    await m.query(`UPDATE faults SET "slaRecord" = ${param(m, 1)} WHERE id = ${param(m, 2)}`, [JSON.stringify(outcome), id]);
  }
  async slaRecordOf(id: string): Promise<unknown> {
    const m = this.tx.manager();
    const [row] = (await m.query(`SELECT "slaRecord" AS sla FROM faults WHERE id = ${param(m, 1)}`, [id])) as { sla: string | null }[];
    return row?.sla ? JSON.parse(row.sla) : null;
  }
  list(filter: FaultFilter, page: PageRequest): Promise<Page<Fault>> {
    const q = this.repo.createQueryBuilder('f').orderBy('f.openedAt', 'DESC').addOrderBy('f.id', 'ASC');
    if (filter.deviceId) q.andWhere('f.deviceId = :deviceId', { deviceId: filter.deviceId });
    if (filter.siteId) q.andWhere('f.siteId = :siteId', { siteId: filter.siteId });
    if (filter.level) q.andWhere('f.level = :level', { level: filter.level });
    if (filter.kind) q.andWhere('f.kind = :kind', { kind: filter.kind });
    if (filter.assigneeId) q.andWhere('f.assigneeId = :assigneeId', { assigneeId: filter.assigneeId });
    if (filter.state === 'open') q.andWhere('f.state <> :closed', { closed: 'closed' });
    else if (filter.state) q.andWhere('f.state = :state', { state: filter.state });
    if (filter.from) q.andWhere('f.openedAt >= :from', { from: filter.from.toISOString() });
    if (filter.to) q.andWhere('f.openedAt < :to', { to: filter.to.toISOString() });
    whereSiteIn(q, 'f.siteId', filter.siteIds);
    if (filter.contractId) q.andWhere('f.contractId = :contractId', { contractId: filter.contractId });
    return pageOf(q, page, toFault);
  }
  async countOpenByLevel(siteIds?: string[] | null): Promise<Record<FaultLevel, number>> {
    const q = this.repo.createQueryBuilder('f').select('f.level', 'level').addSelect('COUNT(*)', 'n').where('f.openKey IS NOT NULL').andWhere('f.parentFaultId IS NULL');
    const rows = await whereSiteIn(q, 'f.siteId', siteIds).groupBy('f.level').getRawMany<{ level: number; n: string | number }>();
    const counts: Record<FaultLevel, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
    for (const r of rows) counts[Number(r.level) as FaultLevel] = Number(r.n);
    return counts;
  }
  async openCountsBySiteAndLevel(siteIds?: string[] | null): Promise<{ siteId: string; level: FaultLevel; count: number; oldestOpenedAt: Date }[]> {
    const q = this.repo
      .createQueryBuilder('f')
      .select('f.siteId', 'siteId')
      .addSelect('f.level', 'level')
      .addSelect('COUNT(*)', 'n')
      // instants are ISO text on both databases: the smallest text is the earliest instant
      .addSelect('MIN(f.openedAt)', 'oldest')
      .where('f.openKey IS NOT NULL')
      .andWhere('f.parentFaultId IS NULL');
    const rows = await whereSiteIn(q, 'f.siteId', siteIds)
      .groupBy('f.siteId')
      .addGroupBy('f.level')
      .getRawMany<{ siteId: string; level: number; n: string | number; oldest: string | Date }>();
    return rows.map((r) => ({ siteId: r.siteId, level: Number(r.level) as FaultLevel, count: Number(r.n), oldestOpenedAt: new Date(r.oldest) }));
  }
  async overlapping(from: Date, to: Date, limit: number): Promise<Fault[]> {
    const rows = await this.repo
      .createQueryBuilder('f')
      .where('f.openedAt < :to', { to: to.toISOString() })
      .andWhere('(f.closedAt IS NULL OR f.closedAt > :from)', { from: from.toISOString() })
      .orderBy('f.openedAt', 'DESC')
      .take(limit)
      .getMany();
    return rows.map(toFault);
  }
  async openOfDevices(deviceIds: string[], kind: FaultKind): Promise<Fault[]> {
    const found: Fault[] = [];
    for (const ids of chunks(deviceIds, 500)) {
      found.push(...(await this.repo.findBy({ deviceId: In(ids), kind, openKey: Not(IsNull()) })).map(toFault));
    }
    return found;
  }
  async addAffected(faultId: string, deviceIds: string[], since: Date): Promise<void> {
    // three parameters a row: 300 rows stay under SQLite's 999
    for (const ids of chunks(deviceIds, 300)) {
      await this.affected
        .createQueryBuilder()
        .insert()
        .into(FaultAffectedEntity)
        .values(ids.map((deviceId) => ({ faultId, deviceId, since })))
        .orIgnore()
        .execute();
    }
  }
  async removeAffected(deviceId: string): Promise<string[]> {
    const rows = await this.affected.findBy({ deviceId });
    if (rows.length > 0) await this.affected.delete({ deviceId });
    return rows.map((r) => r.faultId);
  }
  async affectedOf(faultId: string): Promise<string[]> {
    return (await this.affected.find({ where: { faultId }, order: { deviceId: 'ASC' } })).map((r) => r.deviceId);
  }
  countAffected(faultId: string): Promise<number> {
    return this.affected.countBy({ faultId });
  }
  async clearAffected(faultId: string): Promise<void> {
    await this.affected.delete({ faultId });
  }
  async faultAffecting(deviceId: string): Promise<string | null> {
    // an open fault only: a row left on a fault someone closed by hand lists nobody any more
    const row = await this.affected
      .createQueryBuilder('a')
      .innerJoin(FaultEntity, 'f', 'f.id = a.faultId')
      .where('a.deviceId = :deviceId', { deviceId })
      .andWhere('f.openKey IS NOT NULL')
      .select('a.faultId', 'faultId')
      .getRawOne<{ faultId: string }>();
    return row?.faultId ?? null;
  }
  async appendHistory(entry: FaultHistoryEntry): Promise<void> {
    await this.tx
      .manager()
      .getRepository(FaultHistoryEntity)
      .insert({ ...entry, detail: entry.detail ? JSON.stringify(entry.detail) : null });
  }
  async history(faultId: string): Promise<FaultHistoryEntry[]> {
    const rows = await this.tx
      .manager()
      .getRepository(FaultHistoryEntity)
      .find({ where: { faultId }, order: { id: 'ASC' } });
    return rows.map(({ id: _id, detail, ...r }) => ({ ...r, detail: detail ? (JSON.parse(detail) as Record<string, unknown>) : null }));
  }
}
