import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

const at = { type: 'varchar', length: INSTANT_LENGTH, transformer: instant } as const;
const maybeAt = { ...at, nullable: true } as const;

@Entity('customer_links')
@Index('IDX_customer_links_subject', ['purpose', 'subjectId'])
export class CustomerLinkEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index('UQ_customer_links_token', { unique: true }) @Column({ type: 'varchar', length: 64 }) tokenHash!: string;
  @Column({ type: 'varchar', length: 64 }) purpose!: string;
  @Column({ type: 'varchar', length: 64 }) subjectId!: string;
  @Column({ type: 'varchar', length: 36 }) customerId!: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) siteId!: string | null;
  @Column({ type: 'varchar', length: 8 }) channel!: string;
  @Column({ type: 'varchar', length: 200 }) recipient!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) recipientName!: string | null;
  @Column({ type: 'varchar', length: 64 }) issuedBy!: string;
  @Column(at) issuedAt!: Date;
  @Column(at) expiresAt!: Date;
  @Column(maybeAt) sentAt!: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) sendError!: string | null;
  @Column(maybeAt) openedAt!: Date | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) openedIp!: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) openedUserAgent!: string | null;
  @Column(maybeAt) usedAt!: Date | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) usedIp!: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) usedUserAgent!: string | null;
  @Column(maybeAt) revokedAt!: Date | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) revokedBy!: string | null;
}
