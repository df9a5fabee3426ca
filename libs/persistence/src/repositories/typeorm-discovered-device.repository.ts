import { Injectable } from '@nestjs/common';
import { DiscoveredDeviceRepository, OnlineHistoryRepository, type DiscoveredDevice, type OnlineHour } from '@vigil/application';
import { Between, In, LessThan } from 'typeorm';
import { discoveredToEvict, MAX_DISCOVERED } from '@vigil/domain';
import { DeviceEntity, DeviceOnlineHourlyEntity, DiscoveredDeviceEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { whereSiteIn } from './page-query';
import { chunks } from './sql-dialect';

/** At most this many rows per statement: SQLite allows 999 bound parameters and a row here binds five. */
const CHUNK = 150;

@Injectable()
export class TypeormDiscoveredDeviceRepository extends DiscoveredDeviceRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  /** Adds what was heard to the list, then keeps it within MAX_DISCOVERED by the domain's eviction order. */
  record(seen: DiscoveredDevice[]): Promise<void> {
    return this.tx.run(async () => {
      const repo = this.tx.manager().getRepository(DiscoveredDeviceEntity);
      const known = new Map<string, DiscoveredDeviceEntity>();
      for (const ids of chunks(
        seen.map((d) => d.id),
        CHUNK,
      ))
        for (const d of await repo.findBy({ id: In(ids) })) known.set(d.id, d);
      for (const d of seen) {
        const old = known.get(d.id);
        if (old) await repo.update({ id: d.id }, { lastSeenAt: d.lastSeenAt, messages: old.messages + d.messages, lastTopic: d.lastTopic });
      }
      for (const fresh of chunks(
        seen.filter((d) => !known.has(d.id)),
        CHUNK,
      ))
        await repo.insert(fresh);
      if ((await repo.count()) <= MAX_DISCOVERED) return;
      const all = await repo.find({ select: { id: true, messages: true, lastSeenAt: true } });
      for (const ids of chunks(discoveredToEvict(all, MAX_DISCOVERED), CHUNK)) await repo.delete({ id: In(ids) });
    });
  }
  /** The ids heard most often first (a device that keeps calling above strangers heard once), then the latest heard. */
  list(): Promise<DiscoveredDevice[]> {
    return this.tx
      .manager()
      .getRepository(DiscoveredDeviceEntity)
      .find({ order: { messages: 'DESC', lastSeenAt: 'DESC', id: 'ASC' } });
  }
  async remove(id: string): Promise<void> {
    await this.tx.manager().getRepository(DiscoveredDeviceEntity).delete({ id });
  }
  async removeMany(ids: string[]): Promise<void> {
    for (const part of chunks(ids, 500))
      await this.tx
        .manager()
        .getRepository(DiscoveredDeviceEntity)
        .delete({ id: In(part) });
  }
}

@Injectable()
export class TypeormOnlineHistoryRepository extends OnlineHistoryRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  forDevice(deviceId: string, fromHour: string, toHour: string): Promise<OnlineHour[]> {
    return this.tx
      .manager()
      .getRepository(DeviceOnlineHourlyEntity)
      .find({ where: { deviceId, hour: Between(fromHour, toHour) }, order: { hour: 'ASC' } });
  }
  async bySite(fromHour: string, siteIds?: string[] | null): Promise<{ siteId: string; onlineSec: number; observedSec: number }[]> {
    const q = this.tx
      .manager()
      .getRepository(DeviceOnlineHourlyEntity)
      .createQueryBuilder('h')
      .innerJoin(DeviceEntity, 'd', 'd.id = h.deviceId')
      .select('d.siteId', 'siteId')
      .addSelect('SUM(h.onlineSec)', 'online')
      .addSelect('SUM(h.observedSec)', 'observed')
      .where('h.hour >= :fromHour', { fromHour });
    const rows = await whereSiteIn(q, 'd.siteId', siteIds).groupBy('d.siteId').getRawMany<{ siteId: string; online: string | number; observed: string | number }>();
    return rows.map((r) => ({ siteId: r.siteId, onlineSec: Number(r.online), observedSec: Number(r.observed) }));
  }
  async breakdown(fromHour: string, toHour: string, by: 'site' | 'type' | 'device', siteIds: string[] | null): Promise<{ key: string; onlineSec: number; observedSec: number }[]> {
    const key = by === 'site' ? 'd.siteId' : by === 'type' ? 'd.type' : 'h.deviceId';
    const q = this.tx
      .manager()
      .getRepository(DeviceOnlineHourlyEntity)
      .createQueryBuilder('h')
      .innerJoin(DeviceEntity, 'd', 'd.id = h.deviceId')
      .select(key, 'key')
      .addSelect('SUM(h.onlineSec)', 'online')
      .addSelect('SUM(h.observedSec)', 'observed')
      .where('h.hour >= :fromHour', { fromHour })
      .andWhere('h.hour < :toHour', { toHour });
    const rows = await whereSiteIn(q, 'd.siteId', siteIds).groupBy(key).orderBy(key, 'ASC').getRawMany<{ key: string; online: string | number; observed: string | number }>();
    return rows.map((r) => ({ key: r.key, onlineSec: Number(r.online), observedSec: Number(r.observed) }));
  }
  async siteHours(fromHour: string, toHour: string, siteIds: string[]): Promise<{ siteId: string; hour: string; onlineSec: number; observedSec: number }[]> {
    const q = this.tx
      .manager()
      .getRepository(DeviceOnlineHourlyEntity)
      .createQueryBuilder('h')
      .innerJoin(DeviceEntity, 'd', 'd.id = h.deviceId')
      .select('d.siteId', 'siteId')
      .addSelect('h.hour', 'hour')
      .addSelect('SUM(h.onlineSec)', 'online')
      .addSelect('SUM(h.observedSec)', 'observed')
      .where('h.hour >= :fromHour', { fromHour })
      .andWhere('h.hour < :toHour', { toHour });
    const rows = await whereSiteIn(q, 'd.siteId', siteIds)
      .groupBy('d.siteId')
      .addGroupBy('h.hour')
      .getRawMany<{ siteId: string; hour: string; online: string | number; observed: string | number }>();
    return rows.map((r) => ({ siteId: r.siteId, hour: r.hour, onlineSec: Number(r.online), observedSec: Number(r.observed) }));
  }
  async series(fromHour: string, bucket: 'hour' | 'day', siteIds?: string[] | null): Promise<{ bucket: string; onlineSec: number; observedSec: number }[]> {
    const key = bucket === 'hour' ? 'h.hour' : 'SUBSTR(h.hour, 1, 10)';
    const q = this.tx
      .manager()
      .getRepository(DeviceOnlineHourlyEntity)
      .createQueryBuilder('h')
      .select(key, 'bucket')
      .addSelect('SUM(h.onlineSec)', 'online')
      .addSelect('SUM(h.observedSec)', 'observed')
      .where('h.hour >= :fromHour', { fromHour });
    if (siteIds !== null && siteIds !== undefined) q.innerJoin(DeviceEntity, 'd', 'd.id = h.deviceId');
    const rows = await whereSiteIn(q, 'd.siteId', siteIds).groupBy(key).orderBy(key, 'ASC').getRawMany<{ bucket: string; online: string | number; observed: string | number }>();
    return rows.map((r) => ({ bucket: r.bucket, onlineSec: Number(r.online), observedSec: Number(r.observed) }));
  }
  async purgeBefore(hour: string): Promise<number> {
    const result = await this.tx.run(() =>
      this.tx
        .manager()
        .getRepository(DeviceOnlineHourlyEntity)
        .delete({ hour: LessThan(hour) }),
    );
    return result.affected ?? 0;
  }
}
