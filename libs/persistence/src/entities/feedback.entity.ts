import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

const at = { type: 'varchar', length: INSTANT_LENGTH, transformer: instant } as const;
const atOrNull = { ...at, nullable: true } as const;

/** One entry of the feedback register (意见反馈): a complaint, grumble, suggestion, opinion, praise or maintenance request. */
@Entity('feedback_entries')
@Index('IDX_feedback_customer', ['customerId', 'receivedAt'])
@Index('IDX_feedback_site', ['siteId', 'receivedAt'])
export class FeedbackEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 36 }) customerId!: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) contractId!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) siteId!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) deviceId!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) faultId!: string | null;
  @Column({ type: 'varchar', length: 24 }) kind!: string;
  @Column({ type: 'varchar', length: 16 }) channel!: string;
  @Column({ type: 'varchar', length: 200 }) reporterName!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) reporterContact!: string | null;
  @Column(at) receivedAt!: Date;
  @Column({ type: 'text' }) text!: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) handlerId!: string | null;
  @Column({ type: 'varchar', length: 16 }) state!: string;
  @Column({ type: 'integer', nullable: true }) level!: number | null;
  @Column(atOrNull) dueAt!: Date | null;
  @Column({ type: 'integer' }) escalationStep!: number;
  @Column({ type: 'boolean' }) confirmationRequired!: boolean;
  @Column({ type: 'text', nullable: true }) resolution!: string | null;
  @Column(atOrNull) resolvedAt!: Date | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) resolvedBy!: string | null;
  /** The customer's confirmation as JSON (name, at, via, recordedBy, note). */
  @Column({ type: 'text', nullable: true }) confirmation!: string | null;
  @Column(atOrNull) closedAt!: Date | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) closedBy!: string | null;
  @Column({ type: 'varchar', length: 100 }) createdBy!: string;
  @Column(at) createdAt!: Date;
  @Column(at) updatedAt!: Date;
}

/** Every step of an entry, oldest first: registered, assigned, escalated, resolved, confirmed, closed. */
@Entity('feedback_history')
@Index('IDX_feedback_history_entry', ['entryId', 'id'])
export class FeedbackHistoryEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Column({ type: 'varchar', length: 36 }) entryId!: string;
  @Column(at) at!: Date;
  @Column({ type: 'varchar', length: 100 }) actor!: string;
  @Column({ type: 'varchar', length: 32 }) type!: string;
  @Column({ type: 'text', nullable: true }) detail!: string | null;
}
