import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** One-time customer links (only their token's hash), and the customer's structured contact they are sent to. */
export class CustomerLinks1767000000000 implements MigrationInterface {
  name = 'CustomerLinks1767000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, length] of [
      ['contactName', 100],
      ['contactMobile', 32],
      ['contactEmail', 200],
      ['contactWecomId', 64],
    ] as const) {
      await q.addColumn('customers', new TableColumn(col.text(name, length, true)));
    }
    await q.createTable(
      new Table({
        name: 'customer_links',
        columns: [
          col.id(),
          col.text('tokenHash', 64),
          col.text('purpose', 64),
          col.text('subjectId', 64),
          col.text('customerId', 36),
          col.text('siteId', 36, true),
          col.text('channel', 8),
          col.text('recipient', 200),
          col.text('recipientName', 200, true),
          col.text('issuedBy', 64),
          col.instant('issuedAt'),
          col.instant('expiresAt'),
          col.instant('sentAt', true),
          col.text('sendError', 500, true),
          col.instant('openedAt', true),
          col.text('openedIp', 64, true),
          col.text('openedUserAgent', 500, true),
          col.instant('usedAt', true),
          col.text('usedIp', 64, true),
          col.text('usedUserAgent', 500, true),
          col.instant('revokedAt', true),
          col.text('revokedBy', 64, true),
        ],
      }),
    );
    await q.createIndex('customer_links', new TableIndex({ name: 'UQ_customer_links_token', columnNames: ['tokenHash'], isUnique: true }));
    await q.createIndex('customer_links', new TableIndex({ name: 'IDX_customer_links_subject', columnNames: ['purpose', 'subjectId'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('customer_links');
    for (const name of ['contactWecomId', 'contactEmail', 'contactMobile', 'contactName']) await q.dropColumn('customers', name);
  }
}
