import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { DeviceEvent, DeviceStatus, DeviceType } from '@vigil/domain';
import { DeviceStateRepository, type DeviceStateSnapshot, type DeviceStateWrite, type LastSeenWrite, type OnlineSample } from '@vigil/application';
import { DeviceEntity, DeviceEventEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { chunks, param } from './sql-dialect';

const toSnapshot = (e: DeviceEntity): DeviceStateSnapshot => ({
  id: e.id,
  type: e.type as DeviceType,
  siteId: e.siteId,
  parentId: e.parentId,
  heartbeatIntervalSec: e.heartbeatIntervalSec,
  firmware: e.firmware,
  status: e.status as DeviceStatus,
  lastSeenAt: e.lastSeenAt,
  conditions: e.conditions ?? [],
  lastSeq: e.lastSeq,
  lastDeviceTs: e.lastDeviceTs,
  statusChangedAt: e.statusChangedAt,
  away: e.awayOnLoan !== null,
});

const DEVICE_EVENT_LOG_LOCK = 7_411_003;
/** A bulk chunk that takes longer than this is cancelled (PostgreSQL) and retried with the next round. */
const BULK_STATEMENT_TIMEOUT_MS = 10_000;

const STATE_COLUMNS = ['status', 'lastSeenAt', 'conditions', 'lastSeq', 'lastDeviceTs', 'statusChangedAt', 'firmware'] as const;

function stateValues(s: DeviceStateWrite): unknown[] {
  return [
    s.status,
    s.lastSeenAt?.toISOString() ?? null,
    JSON.stringify(s.conditions),
    s.lastSeq,
    s.lastDeviceTs?.toISOString() ?? null,
    s.statusChangedAt?.toISOString() ?? null,
    s.firmware,
  ];
}

/** Ingest's write-behind store: a whole batch of states, events and online time in one transaction. */
@Injectable()
export class TypeormDeviceStateRepository extends DeviceStateRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }

  async loadAll(): Promise<DeviceStateSnapshot[]> {
    return (await this.tx.manager().getRepository(DeviceEntity).find()).map(toSnapshot);
  }

  async load(ids: string[]): Promise<DeviceStateSnapshot[]> {
    const repo = this.tx.manager().getRepository(DeviceEntity);
    const found: DeviceStateSnapshot[] = [];
    for (const part of chunks(ids, 500)) found.push(...(await repo.findBy({ id: In(part) })).map(toSnapshot));
    return found;
  }

  saveBatch(states: DeviceStateWrite[], events: DeviceEvent[], online: OnlineSample[]): Promise<void> {
    return this.tx.run(async () => {
      const m = this.tx.manager();
      if (m.connection.options.type === 'postgres') await this.updateStatesPostgres(m, states);
      else await this.updateStatesSqlite(m, states);
      // Ids are handed out in commit order, so a consumer reading past id N never misses one below it.
      if (events.length > 0 && m.connection.options.type === 'postgres') await m.query('SELECT pg_advisory_xact_lock($1)', [DEVICE_EVENT_LOG_LOCK]);
      if (m.connection.options.type === 'postgres') await this.insertEventsPostgres(m, events);
      else {
        for (const part of chunks(events, 500)) {
          await m.getRepository(DeviceEventEntity).insert(
            part.map((e) => ({
              deviceId: e.deviceId,
              siteId: e.siteId,
              at: e.at,
              kind: e.change.kind,
              detail: JSON.stringify(e.change),
            })),
          );
        }
      }
      for (const part of chunks(online, 500)) await this.addOnline(m, part);
    });
  }

  saveLastSeen(rows: LastSeenWrite[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return this.tx.run(async () => {
      const m = this.tx.manager();
      const guard = `("lastSeenAt" IS NULL OR "lastSeenAt" < `;
      if (m.connection.options.type !== 'postgres') {
        const sql = `UPDATE devices SET "lastSeenAt" = ?, "lastSeq" = ?, "lastDeviceTs" = ? WHERE id = ? AND ${guard}?)`;
        for (const r of rows) {
          const seen = r.lastSeenAt.toISOString();
          await m.query(sql, [seen, r.lastSeq, r.lastDeviceTs?.toISOString() ?? null, r.id, seen]);
        }
        return;
      }
      // Four array parameters whatever the number of rows: nothing to build per row but the arrays themselves.
      await m.query(`SET LOCAL statement_timeout = ${BULK_STATEMENT_TIMEOUT_MS}`);
      await m.query(
        `UPDATE devices d SET "lastSeenAt" = v.seen, "lastSeq" = v.seq, "lastDeviceTs" = v.dts
         FROM UNNEST($1::varchar[], $2::varchar[], $3::bigint[], $4::varchar[]) AS v(id, seen, seq, dts)
         WHERE d.id = v.id AND (d."lastSeenAt" IS NULL OR d."lastSeenAt" < v.seen)`,
        [rows.map((r) => r.id), rows.map((r) => r.lastSeenAt.toISOString()), rows.map((r) => r.lastSeq), rows.map((r) => r.lastDeviceTs?.toISOString() ?? null)],
      );
    });
  }

  addOnlineTime(samples: OnlineSample[]): Promise<void> {
    if (samples.length === 0) return Promise.resolve();
    return this.tx.run(async () => {
      const m = this.tx.manager();
      if (m.connection.options.type !== 'postgres') {
        for (const part of chunks(samples, 500)) await this.addOnline(m, part);
        return;
      }
      await m.query(`SET LOCAL statement_timeout = ${BULK_STATEMENT_TIMEOUT_MS}`);
      await m.query(
        `INSERT INTO device_online_hourly ("deviceId", "hour", "onlineSec", "observedSec")
         SELECT * FROM UNNEST($1::varchar[], $2::varchar[], $3::integer[], $4::integer[])
         ON CONFLICT ("deviceId", "hour") DO UPDATE SET "onlineSec" = device_online_hourly."onlineSec" + excluded."onlineSec",
         "observedSec" = device_online_hourly."observedSec" + excluded."observedSec"`,
        [samples.map((s) => s.deviceId), samples.map((s) => s.hour), samples.map((s) => s.onlineSec), samples.map((s) => s.observedSec)],
      );
    });
  }

  private async updateStatesSqlite(m: EntityManager, states: DeviceStateWrite[]): Promise<void> {
    const sql = `UPDATE devices SET ${STATE_COLUMNS.map((c) => `"${c}" = ?`).join(', ')} WHERE id = ?`;
    for (const s of states) await m.query(sql, [...stateValues(s), s.id]);
  }

  /** One statement per 5,000 devices, one array parameter per column: UPDATE … FROM UNNEST(…). */
  private async updateStatesPostgres(m: EntityManager, states: DeviceStateWrite[]): Promise<void> {
    for (const part of chunks(states, 5000)) {
      const values = part.map(stateValues);
      await m.query(
        `UPDATE devices d SET ${STATE_COLUMNS.map((c) => `"${c}" = v."${c}"`).join(', ')}
         FROM UNNEST($1::varchar[], ${STATE_COLUMNS.map((c, i) => `$${i + 2}::${c === 'lastSeq' ? 'bigint' : c === 'conditions' ? 'text' : 'varchar'}[]`).join(', ')})
           AS v(id, ${STATE_COLUMNS.map((c) => `"${c}"`).join(', ')})
         WHERE d.id = v.id`,
        [part.map((s) => s.id), ...STATE_COLUMNS.map((_, i) => values.map((row) => row[i]))],
      );
    }
  }

  /** Events in one statement per 5,000, one array parameter per column; ids in the order given. */
  private async insertEventsPostgres(m: EntityManager, events: DeviceEvent[]): Promise<void> {
    for (const part of chunks(events, 5000)) {
      await m.query(
        `INSERT INTO device_events ("deviceId", "siteId", "at", "kind", "detail")
         SELECT a, b, c, d, e FROM UNNEST($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::text[]) WITH ORDINALITY AS v(a, b, c, d, e, n) ORDER BY n`,
        [part.map((e) => e.deviceId), part.map((e) => e.siteId), part.map((e) => e.at.toISOString()), part.map((e) => e.change.kind), part.map((e) => JSON.stringify(e.change))],
      );
    }
  }

  private async addOnline(m: EntityManager, samples: OnlineSample[]): Promise<void> {
    let n = 0;
    const rows = samples.map(() => `(${[1, 2, 3, 4].map(() => param(m, ++n)).join(', ')})`);
    await m.query(
      `INSERT INTO device_online_hourly ("deviceId", "hour", "onlineSec", "observedSec") VALUES ${rows.join(', ')}
       ON CONFLICT ("deviceId", "hour") DO UPDATE SET "onlineSec" = device_online_hourly."onlineSec" + excluded."onlineSec",
       "observedSec" = device_online_hourly."observedSec" + excluded."observedSec"`,
      samples.flatMap((s) => [s.deviceId, s.hour, s.onlineSec, s.observedSec]),
    );
  }
}
