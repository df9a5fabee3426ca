import { SHIPPED_HOLIDAY_SCHEDULES } from '../calendar/holiday-schedule';
import { DEMO_SLA_POLICY } from '../sla/sla-policy';
import { MissingHolidayCalendarError, WorkingCalendar } from '../sla/working-calendar';
import type { Fault } from './fault';
import { calendarMissingNote, evaluateFaultSla } from './fault-sla';

const at = (s: string) => new Date(s);
const makeFault = (over: Partial<Fault> = {}): Fault => ({
  id: 'f1',
  deviceId: null,
  siteId: 's1',
  contractId: null,
  region: 'Qingdao',
  kind: 'other',
  subject: null,
  level: 3,
  state: 'open',
  source: 'report',
  parentFaultId: null,
  affectedCount: 0,
  description: null,
  reporter: null,
  channel: null,
  plan: null,
  assigneeId: null,
  patrolId: null,
  openedAt: at('2026-12-28T10:00:00+08:00'),
  acknowledgedAt: null,
  dispatchedAt: null,
  arrivedAt: null,
  restoredAt: null,
  repairedAt: null,
  closedAt: null,
  clearedAt: null,
  resolution: null,
  pauses: [],
  updatedAt: at('2026-12-28T10:00:00+08:00'),
  ...over,
});
const shipped = new WorkingCalendar(SHIPPED_HOLIDAY_SCHEDULES, 'Asia/Shanghai');
const with2027 = new WorkingCalendar([...SHIPPED_HOLIDAY_SCHEDULES, { year: 2027, daysOff: ['2027-01-01', '2027-01-02', '2027-01-03'], makeUpWorkdays: [] }], 'Asia/Shanghai');

describe(evaluateFaultSla.name, () => {
  it('should keep a live clock running on weekdays through a year without a calendar, and flag that year', () => {
    const sla = evaluateFaultSla(makeFault(), DEMO_SLA_POLICY, shipped.assumingWeekdays(), at('2026-12-29T09:00:00+08:00'));
    expect(sla.repair).toMatchObject({ due: at('2027-01-05T00:00:00+08:00'), status: 'pending' });
    expect(sla.calendarMissing).toEqual([2027]);
    expect(sla.note).toBe('calendar for 2027 missing, weekdays assumed');
  });

  it('should move the due to the loaded calendar and drop the flag', () => {
    const sla = evaluateFaultSla(makeFault(), DEMO_SLA_POLICY, with2027.assumingWeekdays(), at('2026-12-29T09:00:00+08:00'));
    expect(sla.repair.due).toEqual(at('2027-01-06T00:00:00+08:00'));
    expect(sla).toMatchObject({ calendarMissing: [], note: null });
  });

  it('should not flag a fault whose clock stays inside loaded years, and evaluate a closed one as of its closing', () => {
    const closed = makeFault({
      openedAt: at('2026-12-01T10:00:00+08:00'),
      state: 'closed',
      repairedAt: at('2026-12-03T10:00:00+08:00'),
      closedAt: at('2026-12-03T10:00:00+08:00'),
    });
    const sla = evaluateFaultSla(closed, DEMO_SLA_POLICY, shipped.assumingWeekdays(), at('2027-06-01T00:00:00+08:00'));
    expect(sla).toMatchObject({ calendarMissing: [], note: null });
    expect(sla.repair).toMatchObject({ due: at('2026-12-09T00:00:00+08:00'), status: 'met' });
  });

  it('should refuse a missing year on a calendar not made to assume weekdays, and a region outside the policy', () => {
    expect(() => evaluateFaultSla(makeFault(), DEMO_SLA_POLICY, shipped, at('2026-12-29T09:00:00+08:00'))).toThrow(MissingHolidayCalendarError);
    expect(() => evaluateFaultSla(makeFault({ region: 'Mars' }), DEMO_SLA_POLICY, shipped.assumingWeekdays(), at('2026-12-29T09:00:00+08:00'))).toThrow('region');
  });

  it('should name every missing year', () => {
    expect(calendarMissingNote([2027, 2028])).toBe('calendars for 2027, 2028 missing, weekdays assumed');
    expect(calendarMissingNote([])).toBeNull();
  });
});
