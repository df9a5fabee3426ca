import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The archive reads a contract's device events by site and period: an index for that. */
export class ArchiveIndexes1767300000000 implements MigrationInterface {
  name = 'ArchiveIndexes1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('device_events', new TableIndex({ name: 'IDX_device_events_site_at', columnNames: ['siteId', 'at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('device_events', 'IDX_device_events_site_at');
  }
}
