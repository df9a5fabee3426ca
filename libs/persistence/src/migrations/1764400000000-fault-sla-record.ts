import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each fault keeps the SLA outcome of its steps as computed at its last change (and final at close),
 * so a later change of the contract's policy never rewrites the record; notification reasons get room.
 */
export class FaultSlaRecord1764400000000 implements MigrationInterface {
  name = 'FaultSlaRecord1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('faults', new TableColumn({ name: 'slaRecord', type: 'text', isNullable: true }));
    if (q.connection.options.type === 'postgres') await q.query('ALTER TABLE notifications ALTER COLUMN "reason" TYPE varchar(200)');
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') await q.query('ALTER TABLE notifications ALTER COLUMN "reason" TYPE varchar(32)');
    await q.dropColumn('faults', 'slaRecord');
  }
}
