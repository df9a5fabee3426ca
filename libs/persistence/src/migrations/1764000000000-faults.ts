import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** Faults with their history, correlation and SLA pauses; durable timers; on-call rotas, maintenance windows, notifications. */
export class Faults1764000000000 implements MigrationInterface {
  name = 'Faults1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'faults',
        columns: [
          col.id(),
          col.text('deviceId', 64, true),
          col.text('siteId', 36),
          col.text('contractId', 36, true),
          col.text('region', 64),
          col.text('kind', 32),
          col.text('subject', 64, true),
          col.int('level'),
          col.text('state', 16),
          col.text('source', 16),
          col.text('parentFaultId', 36, true),
          col.int('affectedCount'),
          col.longText('description', true),
          col.text('reporter', 200, true),
          col.text('channel', 16, true),
          col.longText('plan', true),
          col.text('assigneeId', 36, true),
          col.text('patrolId', 36, true),
          col.instant('openedAt'),
          col.instant('acknowledgedAt', true),
          col.instant('dispatchedAt', true),
          col.instant('arrivedAt', true),
          col.instant('restoredAt', true),
          col.instant('repairedAt', true),
          col.instant('closedAt', true),
          col.instant('clearedAt', true),
          col.longText('resolution', true),
          col.longText('pauses'),
          // The device|kind|subject of a fault while it is not closed, NULL after: unique, so no fault is ever doubled.
          { ...col.text('openKey', 200, true), isUnique: true },
          col.instant('updatedAt'),
        ],
      }),
    );
    await q.createIndices('faults', [
      new TableIndex({ name: 'IDX_faults_state', columnNames: ['state', 'openedAt'] }),
      new TableIndex({ name: 'IDX_faults_site', columnNames: ['siteId', 'openedAt'] }),
      new TableIndex({ name: 'IDX_faults_device', columnNames: ['deviceId', 'openedAt'] }),
      new TableIndex({ name: 'IDX_faults_parent', columnNames: ['parentFaultId'] }),
    ]);
    await q.createTable(
      new Table({
        name: 'fault_history',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          col.text('faultId', 36),
          col.instant('at'),
          col.text('type', 32),
          col.text('actor', 64, true),
          col.text('role', 16, true),
          col.longText('detail', true),
        ],
      }),
    );
    await q.createIndex('fault_history', new TableIndex({ name: 'IDX_fault_history_fault', columnNames: ['faultId', 'id'] }));
    await q.createTable(
      new Table({
        name: 'fault_affected',
        columns: [{ ...col.text('faultId', 36), isPrimary: true }, { ...col.text('deviceId', 64), isPrimary: true }, col.instant('since')],
      }),
    );
    await q.createIndex('fault_affected', new TableIndex({ name: 'IDX_fault_affected_device', columnNames: ['deviceId'] }));
    await q.createTable(
      new Table({
        name: 'scheduled_actions',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { ...col.text('actionKey', 200), isUnique: true },
          col.text('kind', 32),
          col.instant('dueAt'),
          col.longText('payload'),
          col.int('attempts'),
        ],
      }),
    );
    await q.createIndex('scheduled_actions', new TableIndex({ name: 'IDX_scheduled_actions_due', columnNames: ['dueAt'] }));
    await q.createTable(
      new Table({
        name: 'notifications',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          col.text('faultId', 36),
          col.instant('at'),
          col.text('reason', 32),
          col.int('step'),
          col.text('channel', 16),
          col.text('recipient', 300),
          col.text('status', 16),
          col.longText('detail', true),
        ],
      }),
    );
    await q.createIndex('notifications', new TableIndex({ name: 'IDX_notifications_fault', columnNames: ['faultId', 'id'] }));
    await q.createTable(
      new Table({
        name: 'oncall_rotas',
        columns: [col.id(), col.text('name', 200), col.text('contractId', 36, true), col.longText('config'), col.instant('createdAt'), col.instant('updatedAt')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'maintenance_windows',
        columns: [
          col.id(),
          col.text('name', 200),
          col.instant('startsAt'),
          col.instant('endsAt'),
          col.longText('siteIds', true),
          col.longText('deviceIds', true),
          col.longText('reason', true),
          col.text('createdBy', 64),
          col.instant('createdAt'),
        ],
      }),
    );
    await q.createIndex('maintenance_windows', new TableIndex({ name: 'IDX_maintenance_windows_end', columnNames: ['endsAt'] }));
    await q.addColumns('contracts', [new TableColumn(col.longText('faultRules', true)), new TableColumn(col.longText('alerting', true))]);
    await q.addColumn('users', new TableColumn(col.text('email', 200, true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('users', 'email');
    for (const column of ['alerting', 'faultRules']) await q.dropColumn('contracts', column);
    for (const table of ['maintenance_windows', 'oncall_rotas', 'notifications', 'scheduled_actions', 'fault_affected', 'fault_history', 'faults']) {
      await q.dropTable(table);
    }
  }
}
