import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

@Entity('login_failures')
export class LoginFailureEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 64 }) username!: string;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) at!: Date;
}
