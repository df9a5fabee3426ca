import { Injectable } from '@nestjs/common';
import { VideoEvidenceRepository } from '@vigil/application';
import { vqdChecksOf, vqdMask, type VideoChannel, type VideoDayRow } from '@vigil/domain';
import { VideoChannelDayEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { chunks, param } from './sql-dialect';

const COLUMNS = [
  'deviceId',
  'ch',
  'day',
  'siteId',
  'daySec',
  'firstReportSec',
  'lastReportSec',
  'recordedSec',
  'retentionDays',
  'retentionRequiredDays',
  'vqdChecks',
  'vqdFailedMask',
  'updatedAt',
] as const;

const toRow = (e: VideoChannelDayEntity): VideoDayRow => ({
  deviceId: e.deviceId,
  ch: e.ch,
  day: e.day,
  siteId: e.siteId,
  daySec: e.daySec,
  firstReportSec: e.firstReportSec,
  lastReportSec: e.lastReportSec,
  recordedSec: e.recordedSec,
  retentionDays: e.retentionDays,
  retentionRequiredDays: e.retentionRequiredDays,
  vqdChecks: e.vqdChecks,
  vqdFailed: vqdChecksOf(e.vqdFailedMask),
});

/** Video evidence day rows; the merge is one INSERT … ON CONFLICT, so concurrent writers never lower a stored figure. */
@Injectable()
export class TypeormVideoEvidenceRepository extends VideoEvidenceRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }

  upsert(rows: VideoDayRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return this.tx.run(async () => {
      const m = this.tx.manager();
      const pg = m.connection.options.type === 'postgres';
      const greatest = pg ? 'GREATEST' : 'MAX';
      const least = pg ? 'LEAST' : 'MIN';
      const t = 'video_channel_days';
      // a NULL on either side is "not reported", never a lower value
      const known = (fn: string, c: string) => `${fn}(COALESCE(${t}."${c}", excluded."${c}"), COALESCE(excluded."${c}", ${t}."${c}"))`;
      const updatedAt = new Date().toISOString();
      for (const part of chunks(rows, 200)) {
        let n = 0;
        const values = part.map(() => `(${COLUMNS.map(() => param(m, ++n)).join(', ')})`);
        await m.query(
          `INSERT INTO ${t} (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${values.join(', ')}
           ON CONFLICT ("deviceId", "ch", "day") DO UPDATE SET
             "siteId" = excluded."siteId",
             "daySec" = excluded."daySec",
             "firstReportSec" = ${least}(${t}."firstReportSec", excluded."firstReportSec"),
             "lastReportSec" = ${greatest}(${t}."lastReportSec", excluded."lastReportSec"),
             "recordedSec" = ${known(greatest, 'recordedSec')},
             "retentionDays" = ${known(least, 'retentionDays')},
             "retentionRequiredDays" = COALESCE(excluded."retentionRequiredDays", ${t}."retentionRequiredDays"),
             "vqdChecks" = ${t}."vqdChecks" + excluded."vqdChecks",
             "vqdFailedMask" = ${t}."vqdFailedMask" | excluded."vqdFailedMask",
             "updatedAt" = excluded."updatedAt"`,
          part.flatMap((r) => [
            r.deviceId,
            r.ch,
            r.day,
            r.siteId,
            r.daySec,
            r.firstReportSec,
            r.lastReportSec,
            r.recordedSec,
            r.retentionDays,
            r.retentionRequiredDays,
            r.vqdChecks,
            vqdMask(r.vqdFailed),
            updatedAt,
          ]),
        );
      }
    });
  }

  async rowsOf(siteIds: string[], fromDay: string, toDay: string): Promise<VideoDayRow[]> {
    if (siteIds.length === 0) return [];
    const rows = await this.tx
      .manager()
      .getRepository(VideoChannelDayEntity)
      .createQueryBuilder('v')
      .where('v.siteId IN (:...siteIds)', { siteIds })
      .andWhere('v.day >= :fromDay AND v.day <= :toDay', { fromDay, toDay })
      .orderBy('v.deviceId', 'ASC')
      .addOrderBy('v.ch', 'ASC')
      .addOrderBy('v.day', 'ASC')
      .getMany();
    return rows.map(toRow);
  }

  async channelsOf(siteIds: string[]): Promise<VideoChannel[]> {
    if (siteIds.length === 0) return [];
    const rows = await this.tx
      .manager()
      .getRepository(VideoChannelDayEntity)
      .createQueryBuilder('v')
      .select('v.deviceId', 'deviceId')
      .addSelect('v.ch', 'ch')
      .addSelect('MIN(v.siteId)', 'siteId')
      .addSelect('MIN(v.day)', 'firstDay')
      .where('v.siteId IN (:...siteIds)', { siteIds })
      .groupBy('v.deviceId')
      .addGroupBy('v.ch')
      .getRawMany<{ deviceId: string; ch: string | number; siteId: string; firstDay: string }>();
    return rows.map((r) => ({ deviceId: r.deviceId, ch: Number(r.ch), siteId: r.siteId, firstDay: r.firstDay }));
  }

  async latestOfDevices(deviceIds: string[]): Promise<VideoDayRow[]> {
    if (deviceIds.length === 0) return [];
    const repo = this.tx.manager().getRepository(VideoChannelDayEntity);
    const out: VideoDayRow[] = [];
    for (const part of chunks(deviceIds, 500)) {
      const latest = await repo
        .createQueryBuilder('v')
        .select('v.deviceId', 'deviceId')
        .addSelect('MAX(v.day)', 'day')
        .where('v.deviceId IN (:...ids)', { ids: part })
        .groupBy('v.deviceId')
        .getRawMany<{ deviceId: string; day: string }>();
      if (latest.length === 0) continue;
      const q = repo.createQueryBuilder('v');
      latest.forEach((l, i) => q.orWhere(`(v.deviceId = :d${i} AND v.day = :day${i})`, { [`d${i}`]: l.deviceId, [`day${i}`]: l.day }));
      out.push(...(await q.orderBy('v.deviceId', 'ASC').addOrderBy('v.ch', 'ASC').getMany()).map(toRow));
    }
    return out;
  }
}
