import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/**
 * Signed checkpoints of the audit chain; on PostgreSQL a trigger refuses UPDATE and DELETE of audit
 * rows unless the transaction says it is the retention purge, so the application cannot rewrite history.
 */
export class AuditCheckpoints1764200000000 implements MigrationInterface {
  name = 'AuditCheckpoints1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'audit_checkpoints',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          col.instant('at'),
          col.int('headId'),
          col.text('headHash', 64),
          col.int('count'),
          col.text('signature', 64),
        ],
      }),
    );
    if (q.connection.options.type !== 'postgres') return;
    await q.query(`CREATE OR REPLACE FUNCTION vigil_audit_append_only() RETURNS trigger AS $$
      BEGIN
        IF current_setting('vigil.audit_purge', true) = 'on' AND TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP;
      END $$ LANGUAGE plpgsql`);
    await q.query(`CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION vigil_audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query('DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries');
      await q.query('DROP FUNCTION IF EXISTS vigil_audit_append_only()');
    }
    await q.dropTable('audit_checkpoints');
  }
}
