import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { DeviceEvent, DeviceStatus, DeviceType } from '@vigil/domain';
import { DeviceStateRepository, type DeviceStateSnapshot, type DeviceStateWrite, type OnlineSample } from '@vigil/application';
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
});

const DEVICE_EVENT_LOG_LOCK = 7_411_003;

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
      for (const part of chunks(online, 500)) await this.addOnline(m, part);
    });
  }

  private async updateStatesSqlite(m: EntityManager, states: DeviceStateWrite[]): Promise<void> {
    const sql = `UPDATE devices SET ${STATE_COLUMNS.map((c) => `"${c}" = ?`).join(', ')} WHERE id = ?`;
    for (const s of states) await m.query(sql, [...stateValues(s), s.id]);
  }

  /** One statement per thousand devices: UPDATE … FROM (VALUES …). */
  private async updateStatesPostgres(m: EntityManager, states: DeviceStateWrite[]): Promise<void> {
    const width = STATE_COLUMNS.length + 1;
    for (const part of chunks(states, 1000)) {
      const rows = part.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`);
      const params = part.flatMap((s) => [s.id, ...stateValues(s)]);
      await m.query(
        `UPDATE devices d SET ${STATE_COLUMNS.map((c) => `"${c}" = v."${c}"${c === 'lastSeq' ? '::bigint' : ''}`).join(', ')}
         FROM (VALUES ${rows.join(', ')}) AS v(id, ${STATE_COLUMNS.map((c) => `"${c}"`).join(', ')}) WHERE d.id = v.id`,
        params,
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
