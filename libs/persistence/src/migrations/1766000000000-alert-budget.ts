import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** The alert budget: when each recipient was last told, and what waits for their next message (a digest). */
export class AlertBudget1766000000000 implements MigrationInterface {
  name = 'AlertBudget1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'alert_budgets',
        columns: [{ ...col.text('recipient', 400), isPrimary: true }, col.instant('lastSentAt', true)],
      }),
    );
    await q.createTable(
      new Table({
        name: 'alert_queue',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          col.text('recipient', 400),
          col.text('faultId', 36),
          col.text('kind', 8),
          col.int('level'),
          col.text('reason', 200),
          col.int('step'),
          col.instant('queuedAt'),
          col.instant('notBefore'),
        ],
      }),
    );
    await q.createIndices('alert_queue', [
      new TableIndex({ name: 'IDX_alert_queue_recipient', columnNames: ['recipient'] }),
      new TableIndex({ name: 'IDX_alert_queue_fault', columnNames: ['faultId'] }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('alert_queue');
    await q.dropTable('alert_budgets');
  }
}
