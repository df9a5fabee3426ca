import { Column, Entity } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

/** One channel's video evidence on one site-local day ([14]); merged on write (see TypeormVideoEvidenceRepository). */
@Entity('video_channel_days')
export class VideoChannelDayEntity {
  @Column({ type: 'varchar', length: 64, primary: true }) deviceId!: string;
  @Column({ type: 'integer', primary: true }) ch!: number;
  @Column({ type: 'varchar', length: 10, primary: true }) day!: string;
  @Column({ type: 'varchar', length: 36 }) siteId!: string;
  @Column({ type: 'integer' }) daySec!: number;
  @Column({ type: 'integer' }) firstReportSec!: number;
  @Column({ type: 'integer' }) lastReportSec!: number;
  @Column({ type: 'integer', nullable: true }) recordedSec!: number | null;
  @Column({ type: 'integer', nullable: true }) retentionDays!: number | null;
  @Column({ type: 'integer', nullable: true }) retentionRequiredDays!: number | null;
  @Column({ type: 'integer' }) vqdChecks!: number;
  /** Bit i set: VQD_CHECKS[i] failed at least once that day. */
  @Column({ type: 'integer' }) vqdFailedMask!: number;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) updatedAt!: Date;
}
