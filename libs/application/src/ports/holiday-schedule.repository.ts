import type { HolidaySchedule } from '@vigil/domain';

export abstract class HolidayScheduleRepository {
  abstract list(): Promise<HolidaySchedule[]>;
  abstract find(year: number): Promise<HolidaySchedule | null>;
  abstract save(schedule: HolidaySchedule, at: Date): Promise<void>;
}
