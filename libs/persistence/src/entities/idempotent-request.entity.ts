import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

/** A request sent with an Idempotency-Key and, once answered, its answer; `scope` hashes user, route and key. */
@Entity('idempotent_requests')
@Index('IDX_idempotent_requests_created', ['createdAt'])
export class IdempotentRequestEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) scope!: string;
  @Column({ type: 'varchar', length: 64 }) userId!: string;
  @Column({ type: 'varchar', length: 64 }) fingerprint!: string;
  @Column({ type: 'varchar', length: 36 }) token!: string;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) createdAt!: Date;
  @Column({ type: 'integer', nullable: true }) status!: number | null;
  @Column({ type: 'text', nullable: true }) body!: string | null;
}
