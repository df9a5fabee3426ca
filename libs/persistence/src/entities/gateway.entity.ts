import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

/** A gateway ([15]) and its broker login, the secret as a salted hash only. */
@Entity('gateways')
export class GatewayEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Index('IDX_gateways_site') @Column({ type: 'varchar', length: 36 }) siteId!: string;
  @Column({ type: 'varchar', length: 128, nullable: true }) secretHash!: string | null;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, nullable: true, transformer: instant }) secretIssuedAt!: Date | null;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) createdAt!: Date;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) updatedAt!: Date;
}

/** A device assigned to a gateway; the device id is the key, so a device has at most one gateway. */
@Entity('gateway_devices')
export class GatewayDeviceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) deviceId!: string;
  @Index('IDX_gateway_devices_gateway') @Column({ type: 'varchar', length: 64 }) gatewayId!: string;
}

/** How a device is managed; `credentials` is the AES-256-GCM sealed JSON of its AgentCredentials. */
@Entity('device_management')
export class DeviceManagementEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) deviceId!: string;
  @Column({ type: 'varchar', length: 16 }) protocol!: string;
  @Column({ type: 'varchar', length: 255 }) address!: string;
  @Column({ type: 'integer' }) pollIntervalSec!: number;
  @Column({ type: 'text' }) credentials!: string;
}
