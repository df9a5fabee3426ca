import { Column, Entity, PrimaryColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

const at = { type: 'varchar', length: INSTANT_LENGTH, transformer: instant } as const;
const maybeAt = { ...at, nullable: true } as const;
const maybeId = { type: 'varchar', length: 36, nullable: true } as const;

@Entity('callbacks')
export class CallbackEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  /** The job a chain's first call is for (`fault:<id>`); unique, so a job is called back once whoever schedules it. Null for follow-ups. */
  @Column({ type: 'varchar', length: 80, nullable: true }) sourceKey!: string | null;
  @Column({ type: 'varchar', length: 36 }) siteId!: string;
  @Column(maybeId) customerId!: string | null;
  @Column(maybeId) contractId!: string | null;
  @Column({ type: 'varchar', length: 16 }) reason!: string;
  @Column(maybeId) faultId!: string | null;
  @Column(maybeId) patrolId!: string | null;
  @Column(maybeId) surveyId!: string | null;
  @Column(maybeId) parentId!: string | null;
  @Column({ type: 'varchar', length: 36 }) rootId!: string;
  @Column(at) dueAt!: Date;
  @Column(at) missAt!: Date;
  @Column({ type: 'integer' }) passMark!: number;
  @Column(maybeId) assigneeId!: string | null;
  @Column({ type: 'simple-json' }) doneBy!: string[];
  @Column({ type: 'varchar', length: 8 }) state!: string;
  /** The recorded result, JSON (recordedAt as ISO text). */
  @Column({ type: 'text', nullable: true }) result!: string | null;
  @Column(maybeId) followUpId!: string | null;
  @Column(at) createdAt!: Date;
  @Column(at) updatedAt!: Date;
}

@Entity('surveys')
export class SurveyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 36 }) siteId!: string;
  @Column(maybeId) customerId!: string | null;
  @Column(maybeId) contractId!: string | null;
  @Column({ type: 'varchar', length: 10 }) period!: string;
  @Column({ type: 'simple-json' }) questions!: object[];
  @Column({ type: 'integer' }) passMark!: number;
  @Column({ type: 'varchar', length: 10 }) state!: string;
  @Column({ type: 'varchar', length: 8, nullable: true }) channel!: string | null;
  @Column({ type: 'simple-json' }) answers!: object[];
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) respondent!: string | null;
  @Column(maybeAt) answeredAt!: Date | null;
  @Column(maybeId) recordedBy!: string | null;
  @Column(maybeId) followUpCallbackId!: string | null;
  @Column(maybeAt) sentAt!: Date | null;
  @Column(at) createdAt!: Date;
  @Column(at) updatedAt!: Date;
}

/** The columns of one kind of a contract's terms: what the contract set, as JSON, by contract. */
export abstract class ContractTermsColumns {
  @PrimaryColumn({ type: 'varchar', length: 36 }) contractId!: string;
  @Column({ type: 'simple-json' }) settings!: object;
  @Column(at) updatedAt!: Date;
}

@Entity('callback_settings')
export class CallbackSettingsEntity extends ContractTermsColumns {}

@Entity('parts_terms')
export class PartsTermsEntity extends ContractTermsColumns {}
