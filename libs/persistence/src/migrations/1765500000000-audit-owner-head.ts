import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { auditOwner } from '@vigil/domain';
import { col } from './table-helpers';

const PAGE = 1000;

/**
 * Audit entries learn whose they are (site, customer) for scoped auditors, kept beside the hashed content
 * so existing chains stay valid; and the chain gets its signed head. An existing chain's head is written
 * unsigned here (the migration holds no key) and signed by the application's next append.
 */
export class AuditOwnerHead1765500000000 implements MigrationInterface {
  name = 'AuditOwnerHead1765500000000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    const name = (n: string) => (postgres ? `"${n}"` : n);
    await q.addColumns('audit_entries', [new TableColumn(col.text('siteId', 64, true)), new TableColumn(col.text('customerId', 64, true))]);
    await q.createIndices('audit_entries', [
      new TableIndex({ name: 'IDX_audit_site', columnNames: ['siteId'] }),
      new TableIndex({ name: 'IDX_audit_customer', columnNames: ['customerId'] }),
    ]);
    // the append-only guard is for the application at work, not for the upgrade that adds these columns
    if (postgres) await q.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only');
    const param = (n: number) => (postgres ? `$${n}` : '?');
    for (let after = 0; ;) {
      const rows: { id: number; action: string; entity: string; entityId: string | null; before: string | null; after: string | null }[] = await q.query(
        `SELECT id, action, entity, ${name('entityId')}, before, after FROM audit_entries WHERE id > ${param(1)} ORDER BY id LIMIT ${PAGE}`,
        [after],
      );
      for (const row of rows) {
        const owner = auditOwner({ ...row, before: row.before === null ? null : JSON.parse(row.before), after: row.after === null ? null : JSON.parse(row.after) });
        if (owner.siteId === null && owner.customerId === null) continue;
        await q.query(`UPDATE audit_entries SET ${name('siteId')} = ${param(1)}, ${name('customerId')} = ${param(2)} WHERE id = ${param(3)}`, [
          owner.siteId,
          owner.customerId,
          row.id,
        ]);
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].id;
    }
    if (postgres) await q.query('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only');

    await q.createTable(
      new Table({
        name: 'audit_head',
        columns: [{ name: 'id', type: 'integer', isPrimary: true }, col.int('lastId'), col.text('lastHash', 64), col.int('count'), col.text('signature', 64, true)],
      }),
    );
    const [last] = await q.query(`SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1`);
    if (last) {
      const [{ n }] = await q.query('SELECT count(*) AS n FROM audit_entries');
      await q.query(`INSERT INTO audit_head (id, ${name('lastId')}, ${name('lastHash')}, count, signature) VALUES (1, ${param(1)}, ${param(2)}, ${param(3)}, NULL)`, [
        last.id,
        last.hash,
        Number(n),
      ]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_head');
    await q.dropIndex('audit_entries', 'IDX_audit_customer');
    await q.dropIndex('audit_entries', 'IDX_audit_site');
    await q.dropColumn('audit_entries', 'customerId');
    await q.dropColumn('audit_entries', 'siteId');
  }
}
