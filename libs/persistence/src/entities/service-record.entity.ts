import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

const at = { type: 'varchar', length: INSTANT_LENGTH, transformer: instant } as const;
const maybeAt = { ...at, nullable: true } as const;

@Entity('service_records')
@Index('IDX_service_records_job', ['kind', 'jobId'])
@Index('IDX_service_records_site', ['siteId', 'sortAt'])
export class ServiceRecordEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 16 }) kind!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) jobId!: string | null;
  @Column({ type: 'varchar', length: 36 }) siteId!: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) customerId!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) contractId!: string | null;
  @Column({ type: 'text' }) workDone!: string;
  @Column({ type: 'text' }) partsUsed!: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) engineerId!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) engineerName!: string | null;
  @Column(maybeAt) onSiteAt!: Date | null;
  @Column(maybeAt) offSiteAt!: Date | null;
  /** onSiteAt, else createdAt: what lists sort and months filter by. */
  @Column(at) sortAt!: Date;
  @Column({ type: 'varchar', length: 24 }) state!: string;
  /** The signoff as JSON (with its images); null until signed. */
  @Column({ type: 'text', nullable: true }) signoff!: string | null;
  @Index('IDX_service_records_signature') @Column({ type: 'varchar', length: 64, nullable: true }) signatureSha256!: string | null;
  @Column({ type: 'varchar', length: 24, nullable: true }) signingChannel!: string | null;
  @Column({ type: 'simple-json' }) flags!: string[];
  @Column({ type: 'boolean', default: false }) flagged!: boolean;
  @Column({ type: 'varchar', length: 64 }) createdBy!: string;
  @Column(at) createdAt!: Date;
  @Column(at) updatedAt!: Date;
}

@Entity('service_record_photos')
export class ServiceRecordPhotoEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index('IDX_service_record_photos_record') @Column({ type: 'varchar', length: 36 }) recordId!: string;
  @Column({ type: 'varchar', length: 500 }) path!: string;
  @Column({ type: 'varchar', length: 64 }) contentType!: string;
  @Column({ type: 'integer' }) bytes!: number;
  @Column({ type: 'varchar', length: 64 }) sha256!: string;
  @Column({ type: 'varchar', length: 64 }) uploadedBy!: string;
  @Column(at) createdAt!: Date;
}

@Entity('service_record_corrections')
export class ServiceRecordCorrectionEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Index('IDX_service_record_corrections_record') @Column({ type: 'varchar', length: 36 }) recordId!: string;
  @Column({ type: 'varchar', length: 16 }) field!: string;
  @Column({ type: 'text' }) value!: string;
  @Column({ type: 'text' }) note!: string;
  @Column({ type: 'varchar', length: 64 }) by!: string;
  @Column(at) at!: Date;
}
