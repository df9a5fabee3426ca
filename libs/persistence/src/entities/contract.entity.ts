import { Column, Entity, PrimaryColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

@Entity('contracts')
export class ContractEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 36 }) customerId!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 10 }) startsOn!: string;
  @Column({ type: 'varchar', length: 10 }) endsOn!: string;
  @Column({ type: 'varchar', length: 64 }) timeZone!: string;
  @Column({ type: 'simple-json' }) slaPolicy!: object;
  @Column({ type: 'simple-json', nullable: true }) faultRules!: object | null;
  @Column({ type: 'simple-json', nullable: true }) alerting!: object | null;
  @Column({ type: 'simple-json', nullable: true }) feedbackRules!: object | null;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) createdAt!: Date;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) updatedAt!: Date;
}
