import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SiteClass } from '@vigil/domain';
import { instant, INSTANT_LENGTH } from './columns';

@Entity('sites')
export class SiteEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 64, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 64 }) region!: string;
  @Index() @Column({ type: 'varchar', length: 36, nullable: true }) parentId!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) customerId!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) contractId!: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) address!: string | null;
  @Column({ type: 'varchar', length: 64 }) timeZone!: string;
  @Column({ type: 'varchar', length: 11 }) workingHours!: string;
  @Column({ type: 'varchar', length: 16, default: 'general' }) siteClass!: SiteClass;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) createdAt!: Date;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) updatedAt!: Date;
}
