import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** Loaner units and their loans, returns to the vendor (RMA), repeat-failure flags, and a device's "away on a loan". */
export class Loaners1767700100000 implements MigrationInterface {
  name = 'Loaners1767700100000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'loaner_units',
        columns: [
          col.id('id', 64),
          col.text('type', 32),
          col.text('model', 100, true),
          col.text('serial', 100, true),
          col.text('vendor', 100, true),
          col.text('storeId', 64),
          col.text('state', 10),
          col.instant('createdAt'),
          col.instant('updatedAt'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'loans',
        columns: [
          col.id(),
          col.text('loanerId', 64),
          col.text('siteId', 36),
          col.text('customerId', 36, true),
          col.text('faultId', 36, true),
          col.text('standsInFor', 64),
          col.instant('lentAt'),
          col.text('dueBackOn', 10),
          col.instant('returnedAt', true),
          col.text('state', 10),
          col.instant('overdueAlertedAt', true),
          col.text('lentBy', 64),
          col.text('returnedBy', 64, true),
        ],
      }),
    );
    await q.createIndices('loans', [
      new TableIndex({ name: 'IDX_loans_loaner', columnNames: ['loanerId', 'state'] }),
      new TableIndex({ name: 'IDX_loans_away', columnNames: ['standsInFor', 'state'] }),
      new TableIndex({ name: 'IDX_loans_site', columnNames: ['siteId'] }),
    ]);
    await q.createTable(
      new Table({
        name: 'rmas',
        columns: [
          col.id(),
          col.text('deviceId', 64, true),
          col.text('partSerial', 100, true),
          col.text('siteId', 36, true),
          col.text('customerId', 36, true),
          col.text('faultId', 36, true),
          col.text('vendor', 100),
          col.text('model', 100, true),
          col.text('serial', 100, true),
          col.bool('underWarranty', false),
          col.text('state', 10),
          col.instant('sentAt'),
          col.instant('receivedAt', true),
          col.instant('resolvedAt', true),
          col.instant('returnedAt', true),
          col.text('replacementSerial', 100, true),
          col.longText('notes', true),
          col.text('createdBy', 64),
          col.instant('updatedAt'),
        ],
      }),
    );
    await q.createIndex('rmas', new TableIndex({ name: 'IDX_rmas_device', columnNames: ['deviceId'] }));
    await q.createTable(
      new Table({
        name: 'repeat_failures',
        columns: [col.id('faultId'), col.text('earlierFaultId', 36), col.text('deviceId', 64), col.text('siteId', 36), col.instant('flaggedAt')],
      }),
    );
    await q.addColumn('devices', new TableColumn(col.text('awayOnLoan', 36, true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('devices', 'awayOnLoan');
    await q.dropTable('repeat_failures');
    await q.dropTable('rmas');
    await q.dropTable('loans');
    await q.dropTable('loaner_units');
  }
}
