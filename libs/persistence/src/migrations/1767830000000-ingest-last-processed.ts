import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** When each ingest process last handled a valid device message, so a console or scheduler can tell ingest has stalled. */
export class IngestLastProcessed1767830000000 implements MigrationInterface {
  name = 'IngestLastProcessed1767830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('ingest_snapshots', new TableColumn(col.instant('lastProcessedAt', true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('ingest_snapshots', 'lastProcessedAt');
  }
}
