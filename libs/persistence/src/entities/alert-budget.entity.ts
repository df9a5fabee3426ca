import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

/** One row per recipient (a user, a webhook): locked while their next message is decided. */
@Entity('alert_budgets')
export class AlertBudgetEntity {
  @PrimaryColumn({ type: 'varchar', length: 400 }) recipient!: string;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, nullable: true, transformer: instant }) lastSentAt!: Date | null;
}

@Entity('alert_queue')
@Index('IDX_alert_queue_recipient', ['recipient'])
@Index('IDX_alert_queue_fault', ['faultId'])
export class AlertQueueEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Column({ type: 'varchar', length: 400 }) recipient!: string;
  @Column({ type: 'varchar', length: 36 }) faultId!: string;
  /** `fault`, or the other subject `faultId` names (a feedback entry). */
  @Column({ type: 'varchar', length: 16, default: 'fault' }) subject!: string;
  @Column({ type: 'varchar', length: 8 }) kind!: string;
  @Column({ type: 'integer' }) level!: number;
  @Column({ type: 'varchar', length: 200 }) reason!: string;
  @Column({ type: 'integer' }) step!: number;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) queuedAt!: Date;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) notBefore!: Date;
}
