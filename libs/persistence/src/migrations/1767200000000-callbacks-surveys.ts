import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** Callbacks (回访) in chains of follow-ups, satisfaction surveys (顾客满意度调查表), and each contract's terms for them. */
export class CallbacksSurveys1767200000000 implements MigrationInterface {
  name = 'CallbacksSurveys1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'callbacks',
        columns: [
          col.id(),
          col.text('sourceKey', 80, true),
          col.text('siteId', 36),
          col.text('customerId', 36, true),
          col.text('contractId', 36, true),
          col.text('reason', 16),
          col.text('faultId', 36, true),
          col.text('patrolId', 36, true),
          col.text('surveyId', 36, true),
          col.text('parentId', 36, true),
          col.text('rootId', 36),
          col.instant('dueAt'),
          col.instant('missAt'),
          col.int('passMark'),
          col.text('assigneeId', 36, true),
          col.longText('doneBy'),
          col.text('state', 8),
          col.longText('result', true),
          col.text('followUpId', 36, true),
          col.instant('createdAt'),
          col.instant('updatedAt'),
        ],
      }),
    );
    // one first call per job, whichever process schedules it (NULLs, the follow-ups, never clash)
    await q.createIndices('callbacks', [
      new TableIndex({ name: 'UQ_callbacks_source', columnNames: ['sourceKey'], isUnique: true }),
      new TableIndex({ name: 'IDX_callbacks_site_due', columnNames: ['siteId', 'dueAt'] }),
      new TableIndex({ name: 'IDX_callbacks_state_miss', columnNames: ['state', 'missAt'] }),
      new TableIndex({ name: 'IDX_callbacks_root', columnNames: ['rootId'] }),
    ]);
    await q.createTable(
      new Table({
        name: 'surveys',
        columns: [
          col.id(),
          col.text('siteId', 36),
          col.text('customerId', 36, true),
          col.text('contractId', 36, true),
          col.text('period', 10),
          col.longText('questions'),
          col.int('passMark'),
          col.text('state', 10),
          col.text('channel', 8, true),
          col.longText('answers'),
          col.longText('comment', true),
          col.text('respondent', 200, true),
          col.instant('answeredAt', true),
          col.text('recordedBy', 36, true),
          col.text('followUpCallbackId', 36, true),
          col.instant('sentAt', true),
          col.instant('createdAt'),
          col.instant('updatedAt'),
        ],
      }),
    );
    await q.createIndices('surveys', [
      new TableIndex({ name: 'IDX_surveys_site_period', columnNames: ['siteId', 'period'] }),
      new TableIndex({ name: 'IDX_surveys_answered', columnNames: ['answeredAt'] }),
    ]);
    await q.createTable(
      new Table({
        name: 'callback_settings',
        columns: [{ ...col.text('contractId', 36), isPrimary: true }, col.longText('settings'), col.instant('updatedAt')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('callback_settings');
    await q.dropTable('surveys');
    await q.dropTable('callbacks');
  }
}
