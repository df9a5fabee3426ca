import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

const at = { type: 'varchar', length: INSTANT_LENGTH, transformer: instant } as const;
const maybeAt = { ...at, nullable: true } as const;

@Entity('faults')
export class FaultEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) deviceId!: string | null;
  @Column({ type: 'varchar', length: 36 }) siteId!: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) contractId!: string | null;
  @Column({ type: 'varchar', length: 64 }) region!: string;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) subject!: string | null;
  @Column({ type: 'integer' }) level!: number;
  @Column({ type: 'varchar', length: 16 }) state!: string;
  @Column({ type: 'varchar', length: 16 }) source!: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) parentFaultId!: string | null;
  @Column({ type: 'integer' }) affectedCount!: number;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) reporter!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) channel!: string | null;
  @Column({ type: 'text', nullable: true }) plan!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) assigneeId!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) patrolId!: string | null;
  @Column(at) openedAt!: Date;
  @Column(maybeAt) acknowledgedAt!: Date | null;
  @Column(maybeAt) dispatchedAt!: Date | null;
  @Column(maybeAt) arrivedAt!: Date | null;
  @Column(maybeAt) restoredAt!: Date | null;
  @Column(maybeAt) repairedAt!: Date | null;
  @Column(maybeAt) closedAt!: Date | null;
  @Column(maybeAt) clearedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) resolution!: string | null;
  @Column({ type: 'text' }) pauses!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) openKey!: string | null;
  /** The SLA outcome as of the last change, JSON; written by recordSla only. */
  @Column({ type: 'text', nullable: true, select: false, update: false, insert: false }) slaRecord!: string | null;
  @Column(at) updatedAt!: Date;
}

@Entity('fault_history')
export class FaultHistoryEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Column({ type: 'varchar', length: 36 }) faultId!: string;
  @Column(at) at!: Date;
  @Column({ type: 'varchar', length: 32 }) type!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) actor!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) role!: string | null;
  @Column({ type: 'text', nullable: true }) detail!: string | null;
}

@Entity('fault_affected')
export class FaultAffectedEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) faultId!: string;
  @PrimaryColumn({ type: 'varchar', length: 64 }) deviceId!: string;
  @Column(at) since!: Date;
}

@Entity('scheduled_actions')
export class ScheduledActionEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Column({ type: 'varchar', length: 200 }) actionKey!: string;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column(at) dueAt!: Date;
  @Column({ type: 'text' }) payload!: string;
  @Column({ type: 'integer' }) attempts!: number;
}

@Entity('notifications')
export class NotificationEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Column({ type: 'varchar', length: 36 }) faultId!: string;
  /** `fault`, or the other subject `faultId` names (a feedback entry). */
  @Column({ type: 'varchar', length: 16, default: 'fault' }) subject!: string;
  @Column(at) at!: Date;
  @Column({ type: 'varchar', length: 200 }) reason!: string;
  @Column({ type: 'integer' }) step!: number;
  @Column({ type: 'varchar', length: 16 }) channel!: string;
  @Column({ type: 'varchar', length: 300 }) recipient!: string;
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ type: 'text', nullable: true }) detail!: string | null;
}

@Entity('oncall_rotas')
export class OnCallRotaEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) contractId!: string | null;
  @Column({ type: 'simple-json' }) config!: object;
  @Column(at) createdAt!: Date;
  @Column(at) updatedAt!: Date;
}

@Entity('maintenance_windows')
export class MaintenanceWindowEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column(at) startsAt!: Date;
  @Column(at) endsAt!: Date;
  @Column({ type: 'simple-json', nullable: true }) siteIds!: string[] | null;
  @Column({ type: 'simple-json', nullable: true }) deviceIds!: string[] | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'varchar', length: 64 }) createdBy!: string;
  @Column(at) createdAt!: Date;
}
