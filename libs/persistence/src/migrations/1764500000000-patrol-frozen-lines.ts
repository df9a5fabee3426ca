import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A submitted patrol keeps its lines and the live evidence as they were, so a signed record never moves. */
export class PatrolFrozenLines1764500000000 implements MigrationInterface {
  name = 'PatrolFrozenLines1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('patrols', new TableColumn({ name: 'frozenLines', type: 'text', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('patrols', 'frozenLines');
  }
}
