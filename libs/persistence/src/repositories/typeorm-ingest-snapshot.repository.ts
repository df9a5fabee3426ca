import { Injectable } from '@nestjs/common';
import { IngestSnapshotRepository, type DroppedSample, type IngestSnapshot } from '@vigil/application';
import { IsNull, LessThan, MoreThanOrEqual, Not } from 'typeorm';
import { DeviceEntity, IngestSnapshotEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';

@Injectable()
export class TypeormIngestSnapshotRepository extends IngestSnapshotRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  async save(s: IngestSnapshot): Promise<void> {
    await this.tx
      .manager()
      .getRepository(IngestSnapshotEntity)
      .upsert(
        {
          processId: s.processId,
          writtenAt: s.writtenAt,
          trackedDevices: s.trackedDevices,
          totals: JSON.stringify(s.totals),
          recentDrops: JSON.stringify(s.recentDrops),
          lastProcessedAt: s.lastProcessedAt,
        },
        ['processId'],
      );
  }
  async writtenSince(since: Date): Promise<IngestSnapshot[]> {
    const rows = await this.tx
      .manager()
      .getRepository(IngestSnapshotEntity)
      .find({ where: { writtenAt: MoreThanOrEqual(since) }, order: { processId: 'ASC' } });
    return rows.map((r) => ({
      processId: r.processId,
      writtenAt: r.writtenAt,
      trackedDevices: r.trackedDevices,
      totals: JSON.parse(r.totals) as Record<string, number>,
      recentDrops: (JSON.parse(r.recentDrops) as (Omit<DroppedSample, 'at'> & { at: string })[]).map((d) => ({ ...d, at: new Date(d.at) })),
      lastProcessedAt: r.lastProcessedAt,
    }));
  }
  async remove(processId: string): Promise<void> {
    await this.tx.manager().getRepository(IngestSnapshotEntity).delete({ processId });
  }
  async removeWrittenBefore(before: Date): Promise<void> {
    await this.tx
      .manager()
      .getRepository(IngestSnapshotEntity)
      .delete({ writtenAt: LessThan(before) });
  }
  async processingSince(since: Date): Promise<{ processes: number; lastProcessedAt: Date | null }> {
    // instants are stored as fixed-width ISO text: the greatest string is the latest time
    const row = await this.tx
      .manager()
      .getRepository(IngestSnapshotEntity)
      .createQueryBuilder('s')
      .select('COUNT(*)', 'processes')
      .addSelect('MAX(s.lastProcessedAt)', 'lastProcessedAt')
      .where('s.writtenAt >= :since', { since: since.toISOString() })
      .getRawOne<{ processes: string | number; lastProcessedAt: string | null }>();
    return { processes: Number(row?.processes ?? 0), lastProcessedAt: row?.lastProcessedAt ? new Date(row.lastProcessedAt) : null };
  }
  async devicesExpectedToReport(): Promise<boolean> {
    return this.tx
      .manager()
      .getRepository(DeviceEntity)
      .exists({ where: { lastSeenAt: Not(IsNull()), awayOnLoan: IsNull() } });
  }
}
