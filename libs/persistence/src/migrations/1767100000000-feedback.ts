import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/**
 * The feedback register and its history; the contract's feedback settings; and the alert budget's queue and
 * notification log told what their `faultId` names (`subject`, `fault` for every row so far), so a complaint's
 * escalation goes through the same budget as the faults' alerts.
 */
export class Feedback1767100000000 implements MigrationInterface {
  name = 'Feedback1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'feedback_entries',
        columns: [
          col.id(),
          col.text('customerId', 36),
          col.text('contractId', 36, true),
          col.text('siteId', 36, true),
          col.text('deviceId', 64, true),
          col.text('faultId', 36, true),
          col.text('kind', 24),
          col.text('channel', 16),
          col.text('reporterName', 200),
          col.text('reporterContact', 200, true),
          col.instant('receivedAt'),
          col.longText('text'),
          col.text('handlerId', 36, true),
          col.text('state', 16),
          col.int('level', true),
          col.instant('dueAt', true),
          col.int('escalationStep'),
          col.bool('confirmationRequired', false),
          col.longText('resolution', true),
          col.instant('resolvedAt', true),
          col.text('resolvedBy', 100, true),
          col.longText('confirmation', true),
          col.instant('closedAt', true),
          col.text('closedBy', 100, true),
          col.text('createdBy', 100),
          col.instant('createdAt'),
          col.instant('updatedAt'),
        ],
      }),
    );
    await q.createIndices('feedback_entries', [
      new TableIndex({ name: 'IDX_feedback_customer', columnNames: ['customerId', 'receivedAt'] }),
      new TableIndex({ name: 'IDX_feedback_site', columnNames: ['siteId', 'receivedAt'] }),
    ]);
    await q.createTable(
      new Table({
        name: 'feedback_history',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          col.text('entryId', 36),
          col.instant('at'),
          col.text('actor', 100),
          col.text('type', 32),
          col.longText('detail', true),
        ],
      }),
    );
    await q.createIndex('feedback_history', new TableIndex({ name: 'IDX_feedback_history_entry', columnNames: ['entryId', 'id'] }));
    await q.addColumn('contracts', new TableColumn(col.longText('feedbackRules', true)));
    for (const table of ['alert_queue', 'notifications']) await q.addColumn(table, new TableColumn({ ...col.text('subject', 16), default: "'fault'" }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['notifications', 'alert_queue']) await q.dropColumn(table, 'subject');
    await q.dropColumn('contracts', 'feedbackRules');
    await q.dropTable('feedback_history');
    await q.dropTable('feedback_entries');
  }
}
