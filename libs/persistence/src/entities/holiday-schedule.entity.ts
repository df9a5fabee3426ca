import { Column, Entity, PrimaryColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

/** One year of the public-holiday calendar: days off and make-up working days (调休). */
@Entity('holiday_schedules')
export class HolidayScheduleEntity {
  @PrimaryColumn({ type: 'integer' }) year!: number;
  @Column({ type: 'simple-json' }) daysOff!: string[];
  @Column({ type: 'simple-json' }) makeUpWorkdays!: string[];
  @Column({ type: 'varchar', length: 200, nullable: true }) source!: string | null;
  @Column({ type: 'varchar', length: INSTANT_LENGTH, transformer: instant }) updatedAt!: Date;
}
