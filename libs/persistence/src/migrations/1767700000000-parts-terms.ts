import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** Each contract's parts, loaner and warranty terms. */
export class PartsTerms1767700000000 implements MigrationInterface {
  name = 'PartsTerms1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'parts_terms',
        columns: [{ ...col.text('contractId', 36), isPrimary: true }, col.longText('settings'), col.instant('updatedAt')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('parts_terms');
  }
}
