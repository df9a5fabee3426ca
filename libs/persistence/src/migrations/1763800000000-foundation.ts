import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          col.id(),
          col.text('username', 64),
          col.text('displayName', 200, true),
          col.text('role', 16),
          col.text('passwordHash', 200),
          col.bool('active', true),
          col.instant('createdAt'),
          col.instant('updatedAt'),
        ],
        uniques: [{ name: 'UQ_users_username', columnNames: ['username'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'customers',
        columns: [col.id(), col.text('name', 200), col.text('contact', 200, true)],
      }),
    );
    await q.createTable(
      new Table({
        name: 'contracts',
        columns: [
          col.id(),
          col.text('customerId', 36),
          col.text('name', 200),
          col.text('startsOn', 10),
          col.text('endsOn', 10),
          col.text('timeZone', 64),
          col.longText('slaPolicy'),
          col.instant('createdAt'),
          col.instant('updatedAt'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sites',
        columns: [
          col.id(),
          col.text('code', 64),
          col.text('name', 200),
          col.text('region', 64),
          col.text('parentId', 36, true),
          col.text('customerId', 36, true),
          col.text('contractId', 36, true),
          col.text('address', 300, true),
          col.text('timeZone', 64),
          col.text('workingHours', 11),
          col.instant('createdAt'),
          col.instant('updatedAt'),
        ],
        uniques: [{ name: 'UQ_sites_code', columnNames: ['code'] }],
        indices: [{ name: 'IDX_sites_parent', columnNames: ['parentId'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'devices',
        columns: [
          col.id('id', 64),
          col.text('type', 32),
          col.text('siteId', 36),
          col.text('name', 200, true),
          col.text('model', 100, true),
          col.text('serial', 100, true),
          col.text('firmware', 100, true),
          col.text('parentId', 64, true),
          col.int('heartbeatIntervalSec'),
          col.text('criticality', 16),
          col.text('installedAt', 10, true),
          col.text('warrantyUntil', 10, true),
          col.text('status', 16),
          col.instant('lastSeenAt', true),
          col.instant('createdAt'),
          col.instant('updatedAt'),
        ],
        indices: [
          { name: 'IDX_devices_site', columnNames: ['siteId'] },
          { name: 'IDX_devices_parent', columnNames: ['parentId'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          col.instant('at'),
          col.text('actor', 64),
          col.text('role', 16),
          col.text('action', 32),
          col.text('entity', 32),
          col.text('entityId', 64, true),
          col.longText('before', true),
          col.longText('after', true),
          col.text('prevHash', 64),
          col.text('hash', 64),
        ],
      }),
    );
    await q.createIndices('audit_entries', [
      new TableIndex({ name: 'IDX_audit_at', columnNames: ['at'] }),
      new TableIndex({ name: 'IDX_audit_actor', columnNames: ['actor'] }),
      new TableIndex({ name: 'IDX_audit_entity', columnNames: ['entity', 'entityId'] }),
    ]);
    await q.createTable(new Table({ name: 'settings', columns: [col.id('key', 64), col.longText('value')] }));
    await q.createTable(
      new Table({
        name: 'holiday_schedules',
        columns: [
          { name: 'year', type: 'integer', isPrimary: true },
          col.longText('daysOff'),
          col.longText('makeUpWorkdays'),
          col.text('source', 200, true),
          col.instant('updatedAt'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['holiday_schedules', 'settings', 'audit_entries', 'devices', 'sites', 'contracts', 'customers', 'users']) {
      await q.dropTable(table);
    }
  }
}
