import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Condition } from '@vigil/domain';
import { instant, INSTANT_LENGTH, wholeNumber } from './columns';

@Entity('devices')
export class DeviceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ type: 'varchar', length: 32 }) type!: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) name!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) model!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) serial!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) firmware!: string | null;
  @Index() @Column({ type: 'varchar', length: 64, nullable: true }) parentId!: string | null;
  @Column({ type: 'integer' }) heartbeatIntervalSec!: number;
  @Column({ type: 'varchar', length: 16 }) criticality!: string;
  @Column({ type: 'varchar', length: 10, nullable: true }) installedAt!: string | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) warrantyUntil!: string | null;
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, nullable: true, transformer: instant }) lastSeenAt!: Date | null;
  @Column({ type: 'simple-json', nullable: true }) conditions!: Condition[] | null;
  @Column({ type: 'bigint', nullable: true, transformer: wholeNumber }) lastSeq!: number | null;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, nullable: true, transformer: instant }) lastDeviceTs!: Date | null;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, nullable: true, transformer: instant }) statusChangedAt!: Date | null;
  /** The loan it is away on (a loaner stands in): ingest keeps it off the liveness watch. */
  @Column({ type: 'varchar', length: 36, nullable: true }) awayOnLoan!: string | null;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) createdAt!: Date;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) updatedAt!: Date;
}
