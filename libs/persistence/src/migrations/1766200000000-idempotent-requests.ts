import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** Requests sent with an Idempotency-Key (the field app's retries) and their answers, kept 24 hours. */
export class IdempotentRequests1766200000000 implements MigrationInterface {
  name = 'IdempotentRequests1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'idempotent_requests',
        columns: [
          col.id('scope', 64),
          col.text('userId', 64),
          col.text('fingerprint', 64),
          col.text('token', 36),
          col.instant('createdAt'),
          { ...col.int('status', true) },
          col.longText('body', true),
        ],
      }),
    );
    await q.createIndex('idempotent_requests', new TableIndex({ name: 'IDX_idempotent_requests_created', columnNames: ['createdAt'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('idempotent_requests');
  }
}
