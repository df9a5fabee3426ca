import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the install first started (setting `installedAt`): an install upgraded to this version has it from its
 * first audit entry (the admin's creation, at its first start), so its patrols keep catching up as before; a new
 * database has no entries here, and its first start writes the setting.
 */
export class InstalledAt1765800000000 implements MigrationInterface {
  name = 'InstalledAt1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO settings ("key", "value") SELECT 'installedAt', earliest."at" FROM (SELECT MIN("at") AS "at" FROM audit_entries) earliest WHERE earliest."at" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM settings WHERE "key" = 'installedAt'`);
  }
}
