import { Injectable } from '@nestjs/common';
import { SHIPPED_HOLIDAY_SCHEDULES, SYSTEM_ACTOR, validateHolidaySchedule, type Actor, type HolidaySchedule } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { InputError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, HolidayScheduleRepository, TransactionRunner } from '../ports';

/** The public-holiday calendar that repair deadlines count working days on: one for the whole estate, read by everyone. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly schedules: HolidayScheduleRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly access: AccessPolicy,
  ) {}

  async list(actor: Actor): Promise<HolidaySchedule[]> {
    await this.access.require(actor, 'estate.read');
    return this.schedules.list();
  }

  /** Loads (or replaces) one year, for unscoped users only; a wrong schedule is refused whole. */
  async put(actor: Actor, schedule: HolidaySchedule): Promise<HolidaySchedule> {
    await this.access.requireWholeEstate(actor, 'calendar.write');
    const errors = validateHolidaySchedule(schedule);
    if (errors.length > 0) throw new InputError(errors[0].field, errors[0].message, errors);
    return this.tx.run(async () => {
      const before = await this.schedules.find(schedule.year);
      await this.schedules.save(schedule, this.clock.now());
      await this.audit.record(actor, before ? 'update' : 'create', 'holiday-schedule', String(schedule.year), before, schedule);
      return schedule;
    });
  }

  /** Loads the schedules Vigil ships for years the database does not have yet. */
  async loadShipped(): Promise<void> {
    for (const schedule of SHIPPED_HOLIDAY_SCHEDULES) {
      if (!(await this.schedules.find(schedule.year))) await this.put(SYSTEM_ACTOR, schedule).catch(() => undefined);
    }
  }
}
