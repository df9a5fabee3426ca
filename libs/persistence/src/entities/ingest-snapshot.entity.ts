import { Column, Entity, PrimaryColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

/** One row per running ingest process: its counters and newest dropped messages, as JSON. */
@Entity('ingest_snapshots')
export class IngestSnapshotEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 }) processId!: string;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) writtenAt!: Date;
  @Column({ type: 'integer' }) trackedDevices!: number;
  @Column({ type: 'text' }) totals!: string;
  @Column({ type: 'text' }) recentDrops!: string;
  /** When the process last handled a valid device message (its start until the first one). */
  @Column({ type: 'varchar', length: INSTANT_LENGTH, nullable: true, transformer: instant }) lastProcessedAt!: Date | null;
}
