import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

@Entity('device_events')
export class DeviceEventEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Column({ type: 'varchar', length: 64 }) deviceId!: string;
  @Column({ type: 'varchar', length: 36 }) siteId!: string;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) at!: Date;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ type: 'text', nullable: true }) detail!: string | null;
}

@Entity('device_online_hourly')
export class DeviceOnlineHourlyEntity {
  @Column({ type: 'varchar', length: 64, primary: true }) deviceId!: string;
  @Column({ type: 'varchar', length: 13, primary: true }) hour!: string;
  @Column({ type: 'integer' }) onlineSec!: number;
  @Column({ type: 'integer' }) observedSec!: number;
}

@Entity('discovered_devices')
export class DiscoveredDeviceEntity {
  @Column({ type: 'varchar', length: 64, primary: true }) id!: string;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) firstSeenAt!: Date;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) lastSeenAt!: Date;
  @Column({ type: 'integer' }) messages!: number;
  @Column({ type: 'varchar', length: 200 }) lastTopic!: string;
}

@Entity('event_consumer_offsets')
export class EventConsumerOffsetEntity {
  @Column({ type: 'varchar', length: 64, primary: true }) consumerGroup!: string;
  @Column({ type: 'integer' }) lastId!: number;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) updatedAt!: Date;
}
