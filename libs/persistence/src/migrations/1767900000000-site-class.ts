import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** Each site's class (bank, school, hotel, …), which decides how long its recordings must be kept ([14]); existing sites are 'general'. */
export class SiteClass1767900000000 implements MigrationInterface {
  name = 'SiteClass1767900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('sites', new TableColumn({ ...col.text('siteClass', 16), default: "'general'" }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('sites', 'siteClass');
  }
}
