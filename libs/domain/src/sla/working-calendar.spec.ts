import { SHIPPED_HOLIDAY_SCHEDULES } from '../calendar/holiday-schedule';
import { MissingHolidayCalendarError, WorkingCalendar } from './working-calendar';

const cal = new WorkingCalendar(SHIPPED_HOLIDAY_SCHEDULES, 'Asia/Shanghai');
const at = (s: string) => new Date(s);
const H = 3600_000;

describe(WorkingCalendar.name, () => {
  it('should follow weekdays, holidays and make-up working days', () => {
    expect(cal.isWorkingDay('2026-10-09')).toBe(true); // Friday
    expect(cal.isWorkingDay('2026-10-10')).toBe(true); // Saturday, make-up day
    expect(cal.isWorkingDay('2026-10-11')).toBe(false); // Sunday
    expect(cal.isWorkingDay('2026-10-01')).toBe(false); // National Day
    expect(cal.isWorkingDay('2026-02-14')).toBe(true); // Saturday before Spring Festival
    expect(cal.isWorkingDay('2026-02-23')).toBe(false); // Monday, still Spring Festival
    expect(cal.isWorkingDay('2025-01-26')).toBe(true); // Sunday, make-up day
  });

  it('should refuse a year with no schedule loaded', () => {
    expect(() => cal.isWorkingDay('2027-03-01')).toThrow(MissingHolidayCalendarError);
    expect(() => cal.endOfNthWorkingDayAfter(at('2026-12-30T10:00:00+08:00'), 5)).toThrow('no holiday calendar loaded for 2027');
  });

  it('should count the n-th working day after the report day, ending at 24:00 local', () => {
    expect(cal.endOfNthWorkingDayAfter(at('2026-10-09T15:00:00+08:00'), 5)).toEqual(at('2026-10-16T00:00:00+08:00'));
    // reported on a holiday: the first working day after it is Thursday 10-08, the second the make-up Saturday 10-10
    expect(cal.endOfNthWorkingDayAfter(at('2026-10-03T09:00:00+08:00'), 1)).toEqual(at('2026-10-09T00:00:00+08:00'));
    expect(cal.endOfNthWorkingDayAfter(at('2026-10-03T09:00:00+08:00'), 3)).toEqual(at('2026-10-11T00:00:00+08:00'));
    // late evening local is already the next UTC day's date in Shanghai terms
    expect(cal.endOfNthWorkingDayAfter(at('2026-11-19T23:30:00+08:00'), 1)).toEqual(at('2026-11-21T00:00:00+08:00'));
    // across the year end: Wed 12-31, then Sunday 2026-01-04 is a make-up working day
    expect(cal.endOfNthWorkingDayAfter(at('2025-12-30T10:00:00+08:00'), 2)).toEqual(at('2026-01-05T00:00:00+08:00'));
  });

  it('should measure working time, a working day as 24 h and a day off as nothing', () => {
    expect(cal.workingTimeBetween(at('2026-10-12T09:00:00+08:00'), at('2026-10-12T11:00:00+08:00'))).toBe(2 * H);
    expect(cal.workingTimeBetween(at('2026-11-20T20:00:00+08:00'), at('2026-11-23T02:00:00+08:00'))).toBe(6 * H);
    expect(cal.workingTimeBetween(at('2026-10-01T00:00:00+08:00'), at('2026-10-08T00:00:00+08:00'))).toBe(0);
  });

  it('should add and subtract working time across weekends and holidays', () => {
    expect(cal.addWorkingTime(at('2026-11-20T22:00:00+08:00'), 4 * H)).toEqual(at('2026-11-23T02:00:00+08:00'));
    expect(cal.addWorkingTime(at('2026-10-01T10:00:00+08:00'), 1 * H)).toEqual(at('2026-10-08T01:00:00+08:00'));
    expect(cal.subtractWorkingTime(at('2026-11-23T02:00:00+08:00'), 4 * H)).toEqual(at('2026-11-20T22:00:00+08:00'));
    expect(cal.subtractWorkingTime(at('2026-10-08T01:00:00+08:00'), 2 * H)).toEqual(at('2026-09-30T23:00:00+08:00'));
  });

  it('should add or subtract no working time as no move, even at the start of a day off', () => {
    expect(cal.addWorkingTime(at('2026-04-04T00:00:00+08:00'), 0)).toEqual(at('2026-04-04T00:00:00+08:00'));
    expect(cal.subtractWorkingTime(at('2026-04-04T00:00:00+08:00'), 0)).toEqual(at('2026-04-04T00:00:00+08:00'));
  });

  it('should count a year without a schedule as Mon–Fri when made to assume weekdays, and remember which years it used', () => {
    const weekdays = cal.assumingWeekdays();
    expect(weekdays.missingYears).toBe('weekdays');
    expect(weekdays.isWorkingDay('2027-01-01')).toBe(true); // a Friday, whatever the State Council decides
    expect(weekdays.isWorkingDay('2027-01-02')).toBe(false); // a Saturday
    expect(weekdays.isWorkingDay('2026-10-01')).toBe(false); // a loaded year keeps its holidays
    expect(weekdays.assumedYears()).toEqual([2027]);
    expect(weekdays.yearsCounted()).toEqual([2026, 2027]);
    expect(weekdays.hasYear(2027)).toBe(false);
    expect(weekdays.hasYear(2026)).toBe(true);
    // a fresh one starts with nothing remembered
    expect(cal.assumingWeekdays().assumedYears()).toEqual([]);
  });
});
