import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { HEARTBEAT_TYPES, INVENTORY_FIELDS, type InventoryField } from '@vigil/domain';
import type { Criticality, Device, DeviceStatus, DeviceType, Page, PageRequest } from '@vigil/domain';
import { DeviceRepository, type DeviceFilter } from '@vigil/application';
import { DeviceEntity, DeviceManagementEntity, GatewayDeviceEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { pageOf, whereSiteIn } from './page-query';
import { chunks, LIKE_ESCAPE, likeLiteral, param } from './sql-dialect';

export const toDevice = ({ lastSeq: _seq, lastDeviceTs: _ts, statusChangedAt: _changed, ...e }: DeviceEntity): Device => ({
  ...e,
  type: e.type as DeviceType,
  criticality: e.criticality as Criticality,
  status: e.status as DeviceStatus,
  conditions: e.conditions ?? [],
});

/** SQLite allows at most 999 bound parameters per statement. */
const ID_CHUNK = 500;
/** Rows per multi-row statement of an import: SQLite within its 999 parameters, PostgreSQL a thousand rows (under its 65,535). */
const rowsPerStatement = (columns: number, postgres: boolean) => (postgres ? 1000 : Math.floor(999 / columns));

const INSERT_COLUMNS = [...INVENTORY_FIELDS, 'status', 'lastSeenAt', 'conditions', 'awayOnLoan', 'createdAt', 'updatedAt'] as const;
/** What an inventory file sets, and when it was last set; status and liveness are ingest's. */
const INVENTORY_COLUMNS = [...INVENTORY_FIELDS.filter((f): f is Exclude<InventoryField, 'id'> => f !== 'id'), 'updatedAt'] as const;

const stored = (d: Device, column: (typeof INSERT_COLUMNS)[number]): unknown => {
  const value = d[column];
  if (value instanceof Date) return value.toISOString();
  if (column === 'conditions') return JSON.stringify(value ?? []);
  return value ?? null;
};

@Injectable()
export class TypeormDeviceRepository extends DeviceRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(DeviceEntity);
  }
  async findById(id: string): Promise<Device | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? toDevice(e) : null;
  }
  async findByIds(ids: string[]): Promise<Device[]> {
    const found: Device[] = [];
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      found.push(...(await this.repo.findBy({ id: In(ids.slice(i, i + ID_CHUNK)) })).map(toDevice));
    }
    return found;
  }
  list(filter: DeviceFilter, page: PageRequest): Promise<Page<Device>> {
    const q = this.repo.createQueryBuilder('d').orderBy('d.id', 'ASC');
    if (filter.siteId) q.andWhere('d.siteId = :siteId', { siteId: filter.siteId });
    if (filter.type) q.andWhere('d.type = :type', { type: filter.type });
    if (filter.status) q.andWhere('d.status = :status', { status: filter.status });
    if (filter.monitored !== undefined) q.andWhere(`d.type ${filter.monitored ? 'IN' : 'NOT IN'} (:...heartbeatTypes)`, { heartbeatTypes: [...HEARTBEAT_TYPES] });
    whereSiteIn(q, 'd.siteId', filter.siteIds);
    if (filter.parentId) q.andWhere('d.parentId = :parentId', { parentId: filter.parentId });
    if (filter.q) q.andWhere(`(LOWER(d.id) LIKE :q ${LIKE_ESCAPE} OR LOWER(d.name) LIKE :q ${LIKE_ESCAPE})`, { q: `%${likeLiteral(filter.q.toLowerCase())}%` });
    return pageOf(q, page, toDevice);
  }
  async listAll(): Promise<Device[]> {
    return (await this.repo.find({ order: { id: 'ASC' } })).map(toDevice);
  }
  async allIds(): Promise<string[]> {
    return (await this.repo.find({ select: { id: true } })).map((d) => d.id);
  }
  async insert(device: Device): Promise<void> {
    await this.repo.insert(device);
  }
  async update(device: Device): Promise<void> {
    await this.repo.save(device);
  }
  async insertMany(devices: Device[]): Promise<void> {
    const m = this.tx.manager();
    const width = INSERT_COLUMNS.length;
    for (const part of chunks(devices, rowsPerStatement(width, this.tx.isPostgres))) {
      const rows = part.map((_, r) => `(${INSERT_COLUMNS.map((_c, c) => param(m, r * width + c + 1)).join(', ')})`);
      await m.query(
        `INSERT INTO devices (${INSERT_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${rows.join(', ')}`,
        part.flatMap((d) => INSERT_COLUMNS.map((c) => stored(d, c))),
      );
    }
  }
  /** One UPDATE … FROM (VALUES …) per chunk, on both databases (SQLite since 3.33). */
  async updateInventory(devices: Device[]): Promise<void> {
    const m = this.tx.manager();
    const pg = this.tx.isPostgres;
    const width = INVENTORY_COLUMNS.length + 1;
    for (const part of chunks(devices, rowsPerStatement(width, pg))) {
      const rows = part.map(
        (_, r) =>
          `(${Array.from({ length: width }, (_c, c) => `${param(m, r * width + c + 1)}${pg && INVENTORY_COLUMNS[c - 1] === 'heartbeatIntervalSec' ? '::integer' : ''}`).join(', ')})`,
      );
      await m.query(
        `WITH v(id, ${INVENTORY_COLUMNS.map((c) => `"${c}"`).join(', ')}) AS (VALUES ${rows.join(', ')})
         UPDATE devices SET ${INVENTORY_COLUMNS.map((c) => `"${c}" = v."${c}"`).join(', ')} FROM v WHERE devices.id = v.id`,
        part.flatMap((d) => [d.id, ...INVENTORY_COLUMNS.map((c) => stored(d, c))]),
      );
    }
  }
  /** The device, and what only it had: its place on a gateway and its sealed management credentials ([15]). */
  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
    await this.tx.manager().getRepository(GatewayDeviceEntity).delete({ deviceId: id });
    await this.tx.manager().getRepository(DeviceManagementEntity).delete({ deviceId: id });
  }
  countChildren(id: string): Promise<number> {
    return this.repo.countBy({ parentId: id });
  }
  countBySite(siteId: string): Promise<number> {
    return this.repo.countBy({ siteId });
  }
  async countsBySiteAndStatus(siteIds?: string[] | null): Promise<{ siteId: string; status: string; type: string; count: number }[]> {
    const q = this.repo.createQueryBuilder('d').select('d.siteId', 'siteId').addSelect('d.status', 'status').addSelect('d.type', 'type').addSelect('COUNT(*)', 'n');
    const rows = await whereSiteIn(q, 'd.siteId', siteIds)
      .groupBy('d.siteId')
      .addGroupBy('d.status')
      .addGroupBy('d.type')
      .getRawMany<{ siteId: string; status: string; type: string; n: string | number }>();
    return rows.map((r) => ({ siteId: r.siteId, status: r.status, type: r.type, count: Number(r.n) }));
  }
  async heartbeatCounts(siteId: string): Promise<{ total: number; offline: number; maxIntervalSec: number }> {
    const rows = await this.heartbeatStatusRows('d.siteId = :siteId', siteId);
    const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
    return { total, offline: offlineOf(rows), maxIntervalSec: slowestOf(rows) };
  }

  async heartbeatsElsewhere(siteId: string): Promise<{ offline: number; maxIntervalSec: number }> {
    const rows = await this.heartbeatStatusRows('d.siteId <> :siteId', siteId);
    return { offline: offlineOf(rows), maxIntervalSec: slowestOf(rows.filter((r) => r.status !== 'offline')) };
  }

  /** Heartbeat devices by status, counted with the longest interval among each status, at a site or outside it. */
  private heartbeatStatusRows(where: string, siteId: string): Promise<StatusRow[]> {
    return this.repo
      .createQueryBuilder('d')
      .select('d.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .addSelect('MAX(d.heartbeatIntervalSec)', 'slowest')
      .where(where, { siteId })
      .andWhere('d.type IN (:...types)', { types: [...HEARTBEAT_TYPES] })
      .groupBy('d.status')
      .getRawMany<StatusRow>();
  }
}

type StatusRow = { status: string; n: string | number; slowest: string | number | null };
const offlineOf = (rows: StatusRow[]) => Number(rows.find((r) => r.status === 'offline')?.n ?? 0);
const slowestOf = (rows: StatusRow[]) => rows.reduce((max, r) => Math.max(max, Number(r.slowest ?? 0)), 0);
