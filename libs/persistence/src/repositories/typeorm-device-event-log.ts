import { Injectable } from '@nestjs/common';
import { In, MoreThan } from 'typeorm';
import type { DeviceChange, StoredDeviceEvent } from '@vigil/domain';
import { ConsumerOffsets, DeviceEventHistory, DeviceEventLog, type DeviceEventScope } from '@vigil/application';
import { DeviceEventEntity, EventConsumerOffsetEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { chunks } from './sql-dialect';

const toEvent = (e: DeviceEventEntity): StoredDeviceEvent => ({
  id: e.id,
  deviceId: e.deviceId,
  siteId: e.siteId,
  at: e.at,
  change: JSON.parse(e.detail ?? '{}') as DeviceChange,
});

@Injectable()
export class TypeormDeviceEventLog extends DeviceEventLog {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  async readAfter(afterId: number, limit: number): Promise<StoredDeviceEvent[]> {
    const rows = await this.tx
      .manager()
      .getRepository(DeviceEventEntity)
      .find({ where: { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit });
    return rows.map(toEvent);
  }
  async history(deviceId: string, limit: number): Promise<StoredDeviceEvent[]> {
    const rows = await this.tx
      .manager()
      .getRepository(DeviceEventEntity)
      .find({ where: { deviceId }, order: { id: 'DESC' }, take: limit });
    return rows.map(toEvent);
  }
  async lastId(): Promise<number> {
    const rows = await this.tx
      .manager()
      .getRepository(DeviceEventEntity)
      .find({ order: { id: 'DESC' }, take: 1, select: { id: true } });
    return rows[0]?.id ?? 0;
  }
  async purgeHandledBefore(before: Date): Promise<number> {
    const m = this.tx.manager();
    const slowest = await m.getRepository(EventConsumerOffsetEntity).createQueryBuilder('o').select('MIN(o.lastId)', 'min').getRawOne<{ min: number | string | null }>();
    const handled = slowest?.min == null ? 0 : Number(slowest.min);
    const result = await m
      .createQueryBuilder()
      .delete()
      .from(DeviceEventEntity)
      .where('id <= :handled', { handled })
      .andWhere('at < :before', { before: before.toISOString() })
      .execute();
    return result.affected ?? 0;
  }
}

/** The log read by period for the archive: a device's events by its index, a set of sites' by (siteId, at). */
@Injectable()
export class TypeormDeviceEventHistory extends DeviceEventHistory {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }

  private scoped(scope: DeviceEventScope) {
    const q = this.tx.manager().getRepository(DeviceEventEntity).createQueryBuilder('e');
    if (scope.deviceId) q.where('e.deviceId = :deviceId', { deviceId: scope.deviceId });
    else if (scope.siteIds.length === 0) q.where('1 = 0');
    else q.where('e.siteId IN (:...siteIds)', { siteIds: scope.siteIds });
    return q;
  }

  async within(scope: DeviceEventScope, from: Date, to: Date, afterId: number, limit: number): Promise<StoredDeviceEvent[]> {
    const rows = await this.scoped(scope)
      .andWhere('e.at >= :from AND e.at < :to', { from: from.toISOString(), to: to.toISOString() })
      .andWhere('e.id > :afterId', { afterId })
      .orderBy('e.id', 'ASC')
      .take(limit)
      .getMany();
    return rows.map(toEvent);
  }

  async lastStatusBefore(scope: DeviceEventScope, before: Date): Promise<StoredDeviceEvent[]> {
    const last = await this.scoped(scope)
      .select('MAX(e.id)', 'id')
      .andWhere('e.kind = :kind AND e.at < :before', { kind: 'status-changed', before: before.toISOString() })
      .groupBy('e.deviceId')
      .getRawMany<{ id: number | string }>();
    const ids = last.map((r) => Number(r.id));
    const rows: DeviceEventEntity[] = [];
    for (const part of chunks(ids, 500))
      rows.push(
        ...(await this.tx
          .manager()
          .getRepository(DeviceEventEntity)
          .find({ where: { id: In(part) } })),
      );
    return rows.map(toEvent);
  }
}

/**
 * A group's offset moves in the same transaction as the group's work on the events it read, so each
 * event takes effect once per group; on PostgreSQL the offset row is locked so two processes of one
 * group never handle the same events.
 */
@Injectable()
export class TypeormConsumerOffsets extends ConsumerOffsets {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  advance(group: string, work: (afterId: number) => Promise<number>): Promise<void> {
    return this.tx.run(async () => {
      const m = this.tx.manager();
      await m.createQueryBuilder().insert().into(EventConsumerOffsetEntity).values({ consumerGroup: group, lastId: 0, updatedAt: new Date() }).orIgnore().execute();
      const q = m.getRepository(EventConsumerOffsetEntity).createQueryBuilder('o').where('o.consumerGroup = :group', { group });
      if (this.tx.isPostgres) q.setLock('pessimistic_write');
      const row = await q.getOneOrFail();
      const lastId = await work(row.lastId);
      if (lastId !== row.lastId) {
        await m.getRepository(EventConsumerOffsetEntity).update({ consumerGroup: group }, { lastId, updatedAt: new Date() });
      }
    });
  }
}
