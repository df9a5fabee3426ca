import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A user may be limited to some customers and sites (null: the whole estate). */
export class UserScope1764600000000 implements MigrationInterface {
  name = 'UserScope1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('users', new TableColumn({ name: 'scope', type: 'text', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('users', 'scope');
  }
}
