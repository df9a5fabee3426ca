import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/**
 * Gateways ([15]): edge agents and video-quality servers with a broker login of their own (its secret as a salted hash), the
 * devices assigned to each (a device to at most one: its id is the key), and how each device is managed (its credentials
 * encrypted with the install's management key).
 */
export class Gateways1767900200000 implements MigrationInterface {
  name = 'Gateways1767900200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'gateways',
        columns: [
          col.id('id', 64),
          col.text('name', 200),
          col.text('siteId', 36),
          col.text('secretHash', 128, true),
          col.instant('secretIssuedAt', true),
          col.instant('createdAt'),
          col.instant('updatedAt'),
        ],
      }),
    );
    await q.createIndex('gateways', new TableIndex({ name: 'IDX_gateways_site', columnNames: ['siteId'] }));
    await q.createTable(new Table({ name: 'gateway_devices', columns: [col.id('deviceId', 64), col.text('gatewayId', 64)] }));
    await q.createIndex('gateway_devices', new TableIndex({ name: 'IDX_gateway_devices_gateway', columnNames: ['gatewayId'] }));
    await q.createTable(
      new Table({
        name: 'device_management',
        columns: [col.id('deviceId', 64), col.text('protocol', 16), col.text('address', 255), col.int('pollIntervalSec'), col.longText('credentials')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('device_management');
    await q.dropTable('gateway_devices');
    await q.dropTable('gateways');
  }
}
