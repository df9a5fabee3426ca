import { DateTime } from 'luxon';
import type { HolidaySchedule } from '../calendar/holiday-schedule';

export class MissingHolidayCalendarError extends Error {
  constructor(readonly year: number) {
    super(`no holiday calendar loaded for ${year}`);
  }
}

export const DAY_MS = 24 * 3600 * 1000;

/** What a year without a loaded schedule means: an error (previews, 422), or plain Mon–Fri (live faults, flagged). */
export type MissingYearRule = 'refuse' | 'weekdays';

/**
 * Working days in a contract's time zone: Monday to Friday except public holidays, plus make-up
 * working days (调休). A year without a loaded schedule is an error, never a guess, unless the
 * calendar was made `assumingWeekdays()`; either way it remembers which years it counted on.
 */
export class WorkingCalendar {
  private readonly byYear: Map<number, { off: Set<string>; makeUp: Set<string> }>;
  private readonly counted = new Set<number>();
  private readonly assumed = new Set<number>();

  constructor(
    private readonly schedules: readonly HolidaySchedule[],
    readonly timeZone: string,
    readonly missingYears: MissingYearRule = 'refuse',
  ) {
    this.byYear = new Map(schedules.map((s) => [s.year, { off: new Set(s.daysOff), makeUp: new Set(s.makeUpWorkdays) }]));
  }

  /** A fresh calendar over the same schedules that counts a year without one as Mon–Fri, and notes that it did. */
  assumingWeekdays(): WorkingCalendar {
    return new WorkingCalendar(this.schedules, this.timeZone, 'weekdays');
  }

  hasYear(year: number): boolean {
    return this.byYear.has(year);
  }

  /** Years whose days this calendar was asked about, ascending. */
  yearsCounted(): number[] {
    return [...this.counted].sort((a, b) => a - b);
  }

  /** Years it counted as plain weekdays for want of a schedule, ascending. */
  assumedYears(): number[] {
    return [...this.assumed].sort((a, b) => a - b);
  }

  isWorkingDay(localDate: string): boolean {
    const year = Number(localDate.slice(0, 4));
    this.counted.add(year);
    const schedule = this.byYear.get(year);
    if (!schedule) {
      if (this.missingYears === 'refuse') throw new MissingHolidayCalendarError(year);
      this.assumed.add(year);
    } else {
      if (schedule.makeUp.has(localDate)) return true;
      if (schedule.off.has(localDate)) return false;
    }
    const weekday = DateTime.fromISO(localDate, { zone: 'UTC' }).weekday;
    return weekday <= 5;
  }

  private local(at: Date): DateTime {
    return DateTime.fromJSDate(at, { zone: this.timeZone });
  }

  private isWorking(day: DateTime): boolean {
    return this.isWorkingDay(day.toISODate()!);
  }

  /** Milliseconds of [from, to) that fall on working days; a whole working day counts 24 h. */
  workingTimeBetween(from: Date, to: Date): number {
    let total = 0;
    for (let day = this.local(from).startOf('day'); day.toMillis() < to.getTime(); day = day.plus({ days: 1 })) {
      if (!this.isWorking(day)) continue;
      const start = Math.max(day.toMillis(), from.getTime());
      const end = Math.min(day.plus({ days: 1 }).toMillis(), to.getTime());
      if (end > start) total += end - start;
    }
    return total;
  }

  /** The instant `ms` of working time after `from`, skipping days that are not working days; `from` itself for none. */
  addWorkingTime(from: Date, ms: number): Date {
    if (ms <= 0) return new Date(from.getTime());
    let at = from.getTime();
    let left = ms;
    for (let day = this.local(from).startOf('day'); ; day = day.plus({ days: 1 })) {
      const end = day.plus({ days: 1 }).toMillis();
      if (this.isWorking(day)) {
        const start = Math.max(day.toMillis(), at);
        if (start + left <= end) return new Date(start + left);
        left -= end - start;
      }
      at = end;
    }
  }

  /** The instant `ms` of working time before `to`; `to` itself for none. */
  subtractWorkingTime(to: Date, ms: number): Date {
    if (ms <= 0) return new Date(to.getTime());
    let at = to.getTime();
    let left = ms;
    for (let day = this.local(new Date(to.getTime() - 1)).startOf('day'); ; day = day.minus({ days: 1 })) {
      const start = day.toMillis();
      if (this.isWorking(day)) {
        const end = Math.min(day.plus({ days: 1 }).toMillis(), at);
        if (end - left >= start) return new Date(end - left);
        left -= end - start;
      }
      at = start;
    }
  }

  /** 24:00 local of the n-th working day after the local day of `instant` (that day itself not counted). */
  endOfNthWorkingDayAfter(instant: Date, n: number): Date {
    let day = this.local(instant).startOf('day');
    for (let counted = 0; counted < n;) {
      day = day.plus({ days: 1 });
      if (this.isWorking(day)) counted += 1;
    }
    return day.plus({ days: 1 }).toJSDate();
  }
}
