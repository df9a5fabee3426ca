import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** Video evidence per channel and site-local day ([14]): recorded seconds, retention, VQD results. */
export class VideoEvidence1767900100000 implements MigrationInterface {
  name = 'VideoEvidence1767900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'video_channel_days',
        columns: [
          { ...col.text('deviceId', 64), isPrimary: true },
          { ...col.int('ch'), isPrimary: true },
          { ...col.text('day', 10), isPrimary: true },
          col.text('siteId', 36),
          col.int('daySec'),
          col.int('firstReportSec'),
          col.int('lastReportSec'),
          col.int('recordedSec', true),
          col.int('retentionDays', true),
          col.int('retentionRequiredDays', true),
          col.int('vqdChecks'),
          col.int('vqdFailedMask'),
          col.instant('updatedAt'),
        ],
      }),
    );
    // the figures read a site's days in a range; the checklist reads a device's latest day
    await q.createIndices('video_channel_days', [
      new TableIndex({ name: 'IDX_video_channel_days_site_day', columnNames: ['siteId', 'day'] }),
      new TableIndex({ name: 'IDX_video_channel_days_device_day', columnNames: ['deviceId', 'day'] }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('video_channel_days');
  }
}
