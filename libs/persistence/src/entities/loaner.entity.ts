import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

const at = { type: 'varchar', length: INSTANT_LENGTH, transformer: instant } as const;
const maybeAt = { ...at, nullable: true } as const;
const maybeText = (length: number) => ({ type: 'varchar', length, nullable: true }) as const;

@Entity('loaner_units')
export class LoanerUnitEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ type: 'varchar', length: 32 }) type!: string;
  @Column(maybeText(100)) model!: string | null;
  @Column(maybeText(100)) serial!: string | null;
  @Column(maybeText(100)) vendor!: string | null;
  @Column({ type: 'varchar', length: 64 }) storeId!: string;
  @Column({ type: 'varchar', length: 10 }) state!: string;
  @Column(at) createdAt!: Date;
  @Column(at) updatedAt!: Date;
}

@Entity('loans')
@Index('IDX_loans_loaner', ['loanerId', 'state'])
@Index('IDX_loans_away', ['standsInFor', 'state'])
export class LoanEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 64 }) loanerId!: string;
  @Index('IDX_loans_site') @Column({ type: 'varchar', length: 36 }) siteId!: string;
  @Column(maybeText(36)) customerId!: string | null;
  @Column(maybeText(36)) faultId!: string | null;
  @Column({ type: 'varchar', length: 64 }) standsInFor!: string;
  @Column(at) lentAt!: Date;
  @Column({ type: 'varchar', length: 10 }) dueBackOn!: string;
  @Column(maybeAt) returnedAt!: Date | null;
  @Column({ type: 'varchar', length: 10 }) state!: string;
  @Column(maybeAt) overdueAlertedAt!: Date | null;
  @Column({ type: 'varchar', length: 64 }) lentBy!: string;
  @Column(maybeText(64)) returnedBy!: string | null;
}

@Entity('rmas')
export class RmaEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index('IDX_rmas_device') @Column(maybeText(64)) deviceId!: string | null;
  @Column(maybeText(100)) partSerial!: string | null;
  @Column(maybeText(36)) siteId!: string | null;
  @Column(maybeText(36)) customerId!: string | null;
  @Column(maybeText(36)) faultId!: string | null;
  @Column({ type: 'varchar', length: 100 }) vendor!: string;
  @Column(maybeText(100)) model!: string | null;
  @Column(maybeText(100)) serial!: string | null;
  @Column({ type: 'boolean' }) underWarranty!: boolean;
  @Column({ type: 'varchar', length: 10 }) state!: string;
  @Column(at) sentAt!: Date;
  @Column(maybeAt) receivedAt!: Date | null;
  @Column(maybeAt) resolvedAt!: Date | null;
  @Column(maybeAt) returnedAt!: Date | null;
  @Column(maybeText(100)) replacementSerial!: string | null;
  @Column({ type: 'text', nullable: true }) notes!: string | null;
  @Column({ type: 'varchar', length: 64 }) createdBy!: string;
  @Column(at) updatedAt!: Date;
}

@Entity('repeat_failures')
export class RepeatFailureEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) faultId!: string;
  @Column({ type: 'varchar', length: 36 }) earlierFaultId!: string;
  @Column({ type: 'varchar', length: 64 }) deviceId!: string;
  @Column({ type: 'varchar', length: 36 }) siteId!: string;
  @Column(at) flaggedAt!: Date;
}
