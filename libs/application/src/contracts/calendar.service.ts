import { Injectable, Logger } from '@nestjs/common';
import {
  calendarOutlook,
  parseHolidayNotice,
  SHIPPED_HOLIDAY_SCHEDULES,
  SYSTEM_ACTOR,
  validateHolidaySchedule,
  type Actor,
  type CalendarOutlook,
  type HolidaySchedule,
} from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { InputError } from '../errors';
import { SlaRecomputeService } from '../faults/sla-recompute.service';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, HolidayScheduleRepository, TransactionRunner } from '../ports';

/** The public-holiday calendar that repair deadlines count working days on: one for the whole estate, read by everyone. */
@Injectable()
export class CalendarService {
  private readonly logger = new Logger(CalendarService.name);

  constructor(
    private readonly schedules: HolidayScheduleRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly access: AccessPolicy,
    private readonly slas: SlaRecomputeService,
  ) {}

  /** The loaded years, and whether next year's is due (`missingNextYear`: the admins' 60-day warning). */
  async list(actor: Actor): Promise<{ items: HolidaySchedule[]; total: number } & CalendarOutlook> {
    await this.access.require(actor, 'estate.read');
    const items = await this.schedules.list();
    return {
      items,
      total: items.length,
      ...calendarOutlook(
        this.clock.now(),
        items.map((s) => s.year),
      ),
    };
  }

  /** For the scheduler's daily check: no actor, nothing but the outlook. */
  async outlook(): Promise<CalendarOutlook> {
    return calendarOutlook(
      this.clock.now(),
      (await this.schedules.list()).map((s) => s.year),
    );
  }

  /**
   * The State Council's notice for one year as it arrives: CSV text (`date,kind` rows) or the JSON lists;
   * every problem is a 400 naming its line or field, and nothing is written.
   */
  async putNotice(actor: Actor, year: number, body: unknown, source?: string): Promise<HolidaySchedule & { recomputedFaults: number }> {
    await this.access.requireWholeEstate(actor, 'calendar.write');
    const read = parseHolidayNotice(year, body, source);
    if (!read.ok) throw new InputError(read.errors[0].field, read.errors[0].message, read.errors);
    return this.put(actor, read.schedule);
  }

  /** Loads (or replaces) one year, for unscoped users only; a wrong schedule is refused whole. Live faults counting on that year are recomputed. */
  async put(actor: Actor, schedule: HolidaySchedule): Promise<HolidaySchedule & { recomputedFaults: number }> {
    await this.access.requireWholeEstate(actor, 'calendar.write');
    const errors = validateHolidaySchedule(schedule);
    if (errors.length > 0) throw new InputError(errors[0].field, errors[0].message, errors);
    await this.tx.run(async () => {
      const before = await this.schedules.find(schedule.year);
      await this.schedules.save(schedule, this.clock.now());
      await this.audit.record(actor, before ? 'update' : 'create', 'holiday-schedule', String(schedule.year), before, schedule);
    });
    return { ...schedule, recomputedFaults: await this.recomputeLiveFaults(schedule.year) };
  }

  /** The calendar is stored whatever happens here: reads recompute every live fault anyway, only its timers would lag. */
  private async recomputeLiveFaults(year: number): Promise<number> {
    try {
      return await this.slas.afterCalendarLoaded(year);
    } catch (err) {
      this.logger.error(`live faults not recomputed for the ${year} calendar: ${(err as Error).message}`);
      return 0;
    }
  }

  /** Loads the schedules Vigil ships for years the database does not have yet. */
  async loadShipped(): Promise<void> {
    for (const schedule of SHIPPED_HOLIDAY_SCHEDULES) {
      if (!(await this.schedules.find(schedule.year))) await this.put(SYSTEM_ACTOR, schedule).catch(() => undefined);
    }
  }
}
