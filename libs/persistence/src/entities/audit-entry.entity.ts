import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

@Entity('audit_entries')
export class AuditEntryEntity {
  /** Position in the chain, assigned by the serialised writer (not by the database). */
  @PrimaryColumn({ type: 'integer' }) id!: number;
  @Index() @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) at!: Date;
  @Index() @Column({ type: 'varchar', length: 64 }) actor!: string;
  @Column({ type: 'varchar', length: 16 }) role!: string;
  @Column({ type: 'varchar', length: 32 }) action!: string;
  @Column({ type: 'varchar', length: 32 }) entity!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) entityId!: string | null;
  @Column({ type: 'text', nullable: true }) before!: string | null;
  @Column({ type: 'text', nullable: true }) after!: string | null;
  @Column({ type: 'varchar', length: 64 }) prevHash!: string;
  @Column({ type: 'varchar', length: 64 }) hash!: string;
  /** Whose entry it is, for scoped auditors; outside the hash, so chains written before it stay valid. */
  @Index() @Column({ type: 'varchar', length: 64, nullable: true }) siteId!: string | null;
  @Index() @Column({ type: 'varchar', length: 64, nullable: true }) customerId!: string | null;
}

/** The chain's signed head: one row, rewritten with every append under the chain lock. */
@Entity('audit_head')
export class AuditHeadEntity {
  @PrimaryColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'integer' }) lastId!: number;
  @Column({ type: 'varchar', length: 64 }) lastHash!: string;
  @Column({ type: 'integer' }) count!: number;
  @Column({ type: 'varchar', length: 64, nullable: true }) signature!: string | null;
}

@Entity('audit_checkpoints')
export class AuditCheckpointEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) at!: Date;
  @Column({ type: 'integer' }) headId!: number;
  @Column({ type: 'varchar', length: 64 }) headHash!: string;
  @Column({ type: 'integer' }) count!: number;
  @Column({ type: 'varchar', length: 64 }) signature!: string;
}
