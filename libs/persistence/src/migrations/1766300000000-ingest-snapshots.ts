import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** Each ingest process's diagnostics, so every process (a console one too) answers /api/ingest/* the same. */
export class IngestSnapshots1766300000000 implements MigrationInterface {
  name = 'IngestSnapshots1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'ingest_snapshots',
        columns: [{ ...col.text('processId', 100), isPrimary: true }, col.instant('writtenAt'), col.int('trackedDevices'), col.longText('totals'), col.longText('recentDrops')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('ingest_snapshots');
  }
}
