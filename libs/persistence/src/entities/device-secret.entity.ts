import { Column, Entity, PrimaryColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

/** A device's MQTT secret, as a salted hash only. */
@Entity('device_secrets')
export class DeviceSecretEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) deviceId!: string;
  @Column({ type: 'varchar', length: 128 }) hash!: string;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) issuedAt!: Date;
}
