import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** Device health kept between restarts, the device event log (history and outbox), online-time history. */
export class DeviceState1763900000000 implements MigrationInterface {
  name = 'DeviceState1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('devices', [
      new TableColumn(col.longText('conditions', true)),
      new TableColumn(col.int('lastSeq', true)),
      new TableColumn(col.instant('lastDeviceTs', true)),
      new TableColumn(col.instant('statusChangedAt', true)),
    ]);
    await q.createTable(
      new Table({
        name: 'device_events',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          col.text('deviceId', 64),
          col.text('siteId', 36),
          col.instant('at'),
          col.text('kind', 32),
          col.longText('detail', true),
        ],
      }),
    );
    await q.createIndex('device_events', new TableIndex({ name: 'IDX_device_events_device', columnNames: ['deviceId', 'id'] }));
    await q.createTable(
      new Table({
        name: 'device_online_hourly',
        columns: [{ ...col.text('deviceId', 64), isPrimary: true }, { ...col.text('hour', 13), isPrimary: true }, col.int('onlineSec'), col.int('observedSec')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'discovered_devices',
        columns: [col.id('id', 64), col.instant('firstSeenAt'), col.instant('lastSeenAt'), col.int('messages'), col.text('lastTopic', 200)],
      }),
    );
    await q.createTable(
      new Table({
        name: 'event_consumer_offsets',
        columns: [col.id('consumerGroup', 64), col.int('lastId'), col.instant('updatedAt')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['event_consumer_offsets', 'discovered_devices', 'device_online_hourly', 'device_events']) await q.dropTable(table);
    for (const column of ['statusChangedAt', 'lastDeviceTs', 'lastSeq', 'conditions']) await q.dropColumn('devices', column);
  }
}
