import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('customers')
export class CustomerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) contact!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) contactName!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) contactMobile!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) contactEmail!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) contactWecomId!: string | null;
}
