import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/**
 * Failed logins per user name, shared by every console process and kept only while they count
 * (15 minutes); and each user's token version, raised to revoke the tokens issued before.
 */
export class LoginThrottle1765200000000 implements MigrationInterface {
  name = 'LoginThrottle1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'login_failures',
        columns: [{ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }, col.text('username', 64), col.instant('at')],
      }),
    );
    await q.createIndices('login_failures', [
      new TableIndex({ name: 'IDX_login_failures_username', columnNames: ['username', 'at'] }),
      new TableIndex({ name: 'IDX_login_failures_at', columnNames: ['at'] }),
    ]);
    await q.addColumn('users', new TableColumn({ name: 'tokenVersion', type: 'integer', isNullable: false, default: 0 }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('users', 'tokenVersion');
    await q.dropTable('login_failures');
  }
}
