import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** Devices' MQTT secrets, kept as salted hashes (the secret itself is shown once, never stored). */
export class DeviceSecrets1765100000000 implements MigrationInterface {
  name = 'DeviceSecrets1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'device_secrets',
        columns: [col.id('deviceId', 64), col.text('hash', 128), col.instant('issuedAt')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('device_secrets');
  }
}
