import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A device may count `seq` past 2^31 (some use epoch milliseconds). SQLite's INTEGER is already
 * 64-bit; PostgreSQL's needs widening to bigint.
 */
export class DeviceSeqBigint1764300000000 implements MigrationInterface {
  name = 'DeviceSeqBigint1764300000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') await q.query('ALTER TABLE devices ALTER COLUMN "lastSeq" TYPE bigint');
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') await q.query('ALTER TABLE devices ALTER COLUMN "lastSeq" TYPE integer');
  }
}
