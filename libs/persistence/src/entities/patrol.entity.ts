import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

const at = { type: 'varchar', length: INSTANT_LENGTH, transformer: instant } as const;
const maybeAt = { ...at, nullable: true } as const;

@Entity('checklist_templates')
export class ChecklistTemplateEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @PrimaryColumn({ type: 'integer' }) version!: number;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ type: 'simple-json' }) name!: object;
  @Column({ type: 'simple-json' }) items!: object[];
  @Column(at) createdAt!: Date;
}

@Entity('patrol_plans')
export class PatrolPlanEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) contractId!: string | null;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ type: 'varchar', length: 64 }) templateId!: string;
  @Column({ type: 'simple-json', nullable: true }) siteIds!: string[] | null;
  @Column({ type: 'simple-json' }) schedule!: object;
  @Column({ type: 'varchar', length: 10 }) startsOn!: string;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @Column(at) createdAt!: Date;
  @Column(at) updatedAt!: Date;
}

@Entity('patrols')
export class PatrolEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  /** The lines and their evidence as submitted, JSON; written by freezeLines only. */
  @Column({ type: 'text', nullable: true, select: false, insert: false, update: false }) frozenLines!: string | null;
  @Column({ type: 'varchar', length: 36 }) planId!: string;
  @Column({ type: 'varchar', length: 36 }) siteId!: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) contractId!: string | null;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ type: 'varchar', length: 64 }) templateId!: string;
  @Column({ type: 'integer' }) templateVersion!: number;
  @Column({ type: 'varchar', length: 16 }) period!: string;
  @Column(at) periodStart!: Date;
  @Column(at) periodEnd!: Date;
  @Column(at) dueAt!: Date;
  @Column({ type: 'varchar', length: 16 }) state!: string;
  @Column({ type: 'boolean', default: false }) generatedLate!: boolean;
  @Column({ type: 'varchar', length: 36, nullable: true }) assigneeId!: string | null;
  @Column(maybeAt) startedAt!: Date | null;
  @Column(maybeAt) submittedAt!: Date | null;
  @Column({ type: 'text' }) results!: string;
  @Column({ type: 'text', nullable: true }) signoff!: string | null;
  @Column(maybeAt) overdueNotifiedAt!: Date | null;
  @Column(at) createdAt!: Date;
  @Column(at) updatedAt!: Date;
}

@Entity('patrol_photos')
export class PatrolPhotoEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 36 }) patrolId!: string;
  @Column({ type: 'varchar', length: 200 }) lineKey!: string;
  @Column({ type: 'varchar', length: 500 }) path!: string;
  @Column({ type: 'varchar', length: 64 }) contentType!: string;
  @Column({ type: 'integer' }) bytes!: number;
  @Column({ type: 'varchar', length: 64 }) sha256!: string;
  @Column({ type: 'varchar', length: 64 }) uploadedBy!: string;
  @Column(at) createdAt!: Date;
}

@Entity('patrol_corrections')
export class PatrolCorrectionEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Column({ type: 'varchar', length: 36 }) patrolId!: string;
  @Column({ type: 'varchar', length: 200 }) lineKey!: string;
  @Column({ type: 'varchar', length: 8 }) outcome!: string;
  @Column({ type: 'text', nullable: true }) value!: string | null;
  @Column({ type: 'text' }) note!: string;
  @Column({ type: 'varchar', length: 64 }) by!: string;
  @Column(at) at!: Date;
}
