import { Injectable } from '@nestjs/common';
import { MoreThan } from 'typeorm';
import type { DeviceChange, StoredDeviceEvent } from '@vigil/domain';
import { ConsumerOffsets, DeviceEventLog } from '@vigil/application';
import { DeviceEventEntity, EventConsumerOffsetEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';

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
