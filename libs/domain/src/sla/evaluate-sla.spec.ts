import { SHIPPED_HOLIDAY_SCHEDULES } from '../calendar/holiday-schedule';
import { evaluateSla, SlaInputError, targetsFor, type SlaEvent, type SlaInput } from './evaluate-sla';
import { DEMO_SLA_POLICY, type SlaTargets } from './sla-policy';
import { MissingHolidayCalendarError, WorkingCalendar } from './working-calendar';

const calendar = new WorkingCalendar(SHIPPED_HOLIDAY_SCHEDULES, 'Asia/Shanghai');
const at = (s: string) => new Date(s);
const ev = (time: string, type: SlaEvent['type'], reason?: string): SlaEvent => ({ at: at(time), type, reason });

function run(over: Partial<SlaInput> & { level?: 1 | 2 | 3 | 4; region?: string }) {
  const { level = 3, region = 'Qingdao', ...rest } = over;
  return evaluateSla({
    targets: targetsFor(DEMO_SLA_POLICY, level, region),
    repairMode: 'calendar-days',
    calendar,
    openedAt: at('2026-10-09T15:00:00+08:00'),
    events: [],
    asOf: at('2026-10-20T00:00:00+08:00'),
    ...rest,
  });
}

describe(evaluateSla.name, () => {
  it('should answer the contract example: level 3 in Qingdao paused two hours on a working Monday', () => {
    const out = run({
      events: [ev('2026-10-09T15:30:00+08:00', 'acknowledge'), ev('2026-10-12T09:00:00+08:00', 'pause', 'customer refused access'), ev('2026-10-12T11:00:00+08:00', 'resume')],
    });
    expect(out.respond).toMatchObject({ due: at('2026-10-09T17:00:00+08:00'), status: 'met', completedAt: at('2026-10-09T15:30:00+08:00') });
    expect(out.arrive).toMatchObject({ due: at('2026-10-09T16:00:00+08:00'), status: 'breached' });
    expect(out.restore).toEqual({ due: null, status: null, warnAt: null, completedAt: null });
    expect(out.repair).toMatchObject({ due: at('2026-10-16T02:00:00+08:00'), status: 'breached' });
  });

  it('should count a due as met when completed at that very instant, and breached a millisecond later', () => {
    const exact = run({ events: [ev('2026-10-09T17:00:00+08:00', 'acknowledge')] });
    expect(exact.respond.status).toBe('met');
    const late = run({ events: [{ at: new Date(at('2026-10-09T17:00:00+08:00').getTime() + 1), type: 'acknowledge' }] });
    expect(late.respond.status).toBe('breached');
  });

  it('should keep open steps pending before their due and breached after it', () => {
    const early = run({ asOf: at('2026-10-09T15:45:00+08:00') });
    expect(early.respond.status).toBe('pending');
    expect(early.arrive.status).toBe('pending');
    expect(run({}).respond.status).toBe('breached');
  });

  it('should move wall-clock steps by the length of a pause that began before their due', () => {
    const out = run({ level: 1, events: [ev('2026-10-09T15:10:00+08:00', 'pause', 'access refused'), ev('2026-10-09T15:40:00+08:00', 'resume')] });
    expect(out.respond.due).toEqual(at('2026-10-09T16:00:00+08:00'));
    expect(out.restore.due).toEqual(at('2026-10-09T19:30:00+08:00'));
  });

  it('should leave a step completed before the pause untouched', () => {
    const out = run({
      level: 1,
      events: [ev('2026-10-09T15:05:00+08:00', 'acknowledge'), ev('2026-10-09T15:10:00+08:00', 'pause', 'x'), ev('2026-10-09T16:10:00+08:00', 'resume')],
    });
    expect(out.respond).toMatchObject({ due: at('2026-10-09T15:30:00+08:00'), status: 'met' });
    expect(out.arrive.due).toEqual(at('2026-10-09T17:00:00+08:00'));
  });

  it('should show open steps paused while a pause runs at asOf, with the due as if it ended then', () => {
    const out = run({ level: 1, events: [ev('2026-10-09T15:10:00+08:00', 'pause', 'typhoon')], asOf: at('2026-10-09T15:40:00+08:00') });
    expect(out.respond).toMatchObject({ status: 'paused', due: at('2026-10-09T16:00:00+08:00') });
    expect(out.repair.status).toBe('paused');
  });

  it('should not move the repair due for a pause over a weekend, and move it for one across working days', () => {
    const weekend = run({
      openedAt: at('2026-11-18T10:00:00+08:00'),
      events: [ev('2026-11-21T08:00:00+08:00', 'pause', 'customer away'), ev('2026-11-23T00:00:00+08:00', 'resume')],
      asOf: at('2026-11-24T00:00:00+08:00'),
    });
    expect(weekend.repair.due).toEqual(at('2026-11-26T00:00:00+08:00'));
    const working = run({
      openedAt: at('2026-11-18T10:00:00+08:00'),
      events: [ev('2026-11-19T12:00:00+08:00', 'pause', 'customer away'), ev('2026-11-20T12:00:00+08:00', 'resume')],
      asOf: at('2026-11-24T00:00:00+08:00'),
    });
    expect(working.repair.due).toEqual(at('2026-11-27T00:00:00+08:00'));
  });

  it('should leave the repair due where it was for a pause with no working time, even when the due starts a holiday', () => {
    // level 3 opened Fri 03-27: five working days end Fri 04-03, so the due is 04-04 00:00, the first day of Qingming
    const opened = { openedAt: at('2026-03-27T10:00:00+08:00'), asOf: at('2026-04-02T00:00:00+08:00') };
    expect(run(opened).repair.due).toEqual(at('2026-04-04T00:00:00+08:00'));
    const weekendPause = run({ ...opened, events: [ev('2026-03-28T09:00:00+08:00', 'pause', 'site closed'), ev('2026-03-29T18:00:00+08:00', 'resume')] });
    expect(weekendPause.repair).toMatchObject({ due: at('2026-04-04T00:00:00+08:00'), status: 'pending' });
    // the same pause still running over the weekend: paused, the due unchanged
    const running = run({ ...opened, events: [ev('2026-03-28T09:00:00+08:00', 'pause', 'site closed')], asOf: at('2026-03-29T12:00:00+08:00') });
    expect(running.repair).toMatchObject({ due: at('2026-04-04T00:00:00+08:00'), status: 'paused' });
    // an hour of working time inside: the due moves by that hour of working time, over the holiday
    const intoMonday = run({ ...opened, events: [ev('2026-03-29T23:00:00+08:00', 'pause', 'site closed'), ev('2026-03-30T01:00:00+08:00', 'resume')] });
    expect(intoMonday.repair.due).toEqual(at('2026-04-07T01:00:00+08:00'));
  });

  it('should not extend a step by a pause that starts at or after its due', () => {
    const atDue = run({ level: 1, events: [ev('2026-10-09T15:30:00+08:00', 'pause', 'access refused')], asOf: at('2026-10-09T16:00:00+08:00') });
    expect(atDue.respond).toMatchObject({ due: at('2026-10-09T15:30:00+08:00'), status: 'breached' });
    // the steps with time left when it began are paused and move
    expect(atDue.arrive).toMatchObject({ due: at('2026-10-09T16:30:00+08:00'), status: 'paused' });
    const after = run({
      level: 1,
      events: [ev('2026-10-09T15:45:00+08:00', 'pause', 'x'), ev('2026-10-09T17:00:00+08:00', 'resume'), ev('2026-10-09T17:10:00+08:00', 'acknowledge')],
    });
    expect(after.respond).toMatchObject({ due: at('2026-10-09T15:30:00+08:00'), status: 'breached' });
    const justBefore = run({
      level: 1,
      events: [{ at: new Date(at('2026-10-09T15:30:00+08:00').getTime() - 1), type: 'pause', reason: 'x' }, ev('2026-10-09T16:00:00+08:00', 'resume')],
    });
    expect(justBefore.respond.due).toEqual(at('2026-10-09T16:00:00.001+08:00'));
    // repair: a pause after 24:00 of the last working day leaves the breach as it is
    const repairLate = run({
      openedAt: at('2026-11-18T10:00:00+08:00'),
      events: [ev('2026-11-26T00:00:00+08:00', 'pause', 'x'), ev('2026-11-27T00:00:00+08:00', 'resume')],
      asOf: at('2026-11-28T00:00:00+08:00'),
    });
    expect(repairLate.repair).toMatchObject({ due: at('2026-11-26T00:00:00+08:00'), status: 'breached' });
  });

  it('should extend by a second pause that starts before the due the first one moved, and not by a third after it', () => {
    const out = run({
      level: 1,
      events: [
        ev('2026-10-09T15:10:00+08:00', 'pause', 'a'),
        ev('2026-10-09T15:40:00+08:00', 'resume'),
        ev('2026-10-09T15:50:00+08:00', 'pause', 'b'),
        ev('2026-10-09T16:00:00+08:00', 'resume'),
        ev('2026-10-09T16:20:00+08:00', 'pause', 'c'),
        ev('2026-10-09T17:20:00+08:00', 'resume'),
      ],
    });
    expect(out.respond).toMatchObject({ due: at('2026-10-09T16:10:00+08:00'), status: 'breached' });
    // arrive (nominal 16:00) had time left at all three pauses: 30 + 10 + 60 minutes
    expect(out.arrive.due).toEqual(at('2026-10-09T17:40:00+08:00'));
  });

  it('should count a pause only up to the completion of a step completed during it', () => {
    const out = run({
      level: 1,
      events: [ev('2026-10-09T15:10:00+08:00', 'pause', 'x'), ev('2026-10-09T15:40:00+08:00', 'acknowledge'), ev('2026-10-09T16:10:00+08:00', 'resume')],
    });
    expect(out.respond).toMatchObject({ due: at('2026-10-09T16:00:00+08:00'), status: 'met', completedAt: at('2026-10-09T15:40:00+08:00') });
    expect(out.respond.warnAt).toEqual(at('2026-10-09T15:52:30+08:00'));
    expect(out.arrive.due).toEqual(at('2026-10-09T17:00:00+08:00'));
    // repair completed on a working Thursday during a pause that ran into Friday: six hours of it count
    const repair = run({
      openedAt: at('2026-11-18T10:00:00+08:00'),
      events: [ev('2026-11-19T12:00:00+08:00', 'pause', 'x'), ev('2026-11-19T18:00:00+08:00', 'repair'), ev('2026-11-20T12:00:00+08:00', 'resume')],
      asOf: at('2026-11-24T00:00:00+08:00'),
    });
    expect(repair.repair).toMatchObject({ due: at('2026-11-26T06:00:00+08:00'), status: 'met' });
    // a later pause does not touch a step completed during an earlier one
    const twice = run({
      level: 1,
      events: [
        ev('2026-10-09T15:10:00+08:00', 'pause', 'x'),
        ev('2026-10-09T15:20:00+08:00', 'acknowledge'),
        ev('2026-10-09T15:30:00+08:00', 'resume'),
        ev('2026-10-09T15:35:00+08:00', 'pause', 'y'),
        ev('2026-10-09T16:35:00+08:00', 'resume'),
      ],
    });
    expect(twice.respond).toMatchObject({ due: at('2026-10-09T15:40:00+08:00'), status: 'met' });
  });

  it('should show a step completed during a pause still running at asOf as met, not paused', () => {
    const out = run({ level: 1, events: [ev('2026-10-09T15:10:00+08:00', 'pause', 'x'), ev('2026-10-09T15:25:00+08:00', 'acknowledge')], asOf: at('2026-10-09T15:40:00+08:00') });
    expect(out.respond).toMatchObject({ due: at('2026-10-09T15:45:00+08:00'), status: 'met' });
    expect(out.arrive).toMatchObject({ due: at('2026-10-09T16:30:00+08:00'), status: 'paused' });
  });

  it('should leave steps without a target empty while a pause runs at asOf', () => {
    const out = run({ level: 4, events: [ev('2026-10-09T15:10:00+08:00', 'pause', 'typhoon')], asOf: at('2026-10-12T15:00:00+08:00') });
    expect(out.arrive).toEqual({ due: null, status: null, warnAt: null, completedAt: null });
    expect(out.restore).toEqual({ due: null, status: null, warnAt: null, completedAt: null });
    expect(out.respond.status).toBe('paused');
    // repair as if resumed at asOf: 8 h 50 of Fri 10-09, 24 h of Sat 10-10 (make-up) and 15 h of Mon 10-12 move the 10-16 due
    expect(out.repair).toMatchObject({ status: 'paused', due: at('2026-10-19T23:50:00+08:00') });
  });

  it('should count a missing year as weekdays on a calendar made to assume them, and say which', () => {
    const weekdays = calendar.assumingWeekdays();
    const out = evaluateSla({
      targets: targetsFor(DEMO_SLA_POLICY, 3, 'Qingdao'),
      repairMode: 'calendar-days',
      calendar: weekdays,
      openedAt: at('2026-12-28T10:00:00+08:00'),
      events: [],
      asOf: at('2026-12-28T11:00:00+08:00'),
    });
    // Tue 12-29, Wed 12-30, Thu 12-31, then Fri 2027-01-01 and Mon 01-04 as plain weekdays
    expect(out.repair.due).toEqual(at('2027-01-05T00:00:00+08:00'));
    expect(weekdays.assumedYears()).toEqual([2027]);
    expect(calendar.assumedYears()).toEqual([]);
  });

  it('should count repair across the Spring Festival and its make-up days', () => {
    const out = run({ openedAt: at('2026-02-13T10:00:00+08:00'), asOf: at('2026-02-13T11:00:00+08:00') });
    // working days after Fri 02-13: Sat 02-14 (make-up), then 02-24, 25, 26, 27
    expect(out.repair.due).toEqual(at('2026-02-28T00:00:00+08:00'));
  });

  it('should complete restore with a repair, and use the province arrival target', () => {
    const out = run({ level: 2, region: 'province', events: [ev('2026-10-09T18:00:00+08:00', 'repair')] });
    expect(out.restore).toMatchObject({ status: 'met', completedAt: at('2026-10-09T18:00:00+08:00') });
    expect(out.repair.status).toBe('met');
    expect(out.arrive.due).toEqual(at('2026-10-10T15:00:00+08:00'));
  });

  it('should leave steps without a target empty', () => {
    const out = run({ level: 4 });
    expect(out.arrive).toEqual({ due: null, status: null, warnAt: null, completedAt: null });
    expect(out.restore.due).toBeNull();
  });

  it('should give the warning instant at 75 % of each step', () => {
    const out = run({ level: 1 });
    expect(out.respond.warnAt).toEqual(at('2026-10-09T15:22:30+08:00'));
    // repair: 2 working days after Fri 10-09 are Sat 10-10 (make-up) and Mon 10-12; from 15:00 that is 9 + 24 + 24 = 57 h
    // of working time, so the warning comes 14.25 h of working time before the due
    expect(out.repair.due).toEqual(at('2026-10-13T00:00:00+08:00'));
    expect(out.repair.warnAt).toEqual(at('2026-10-12T09:45:00+08:00'));
  });

  it('should count rolling working time when the contract chooses it', () => {
    const targets: SlaTargets = { respondMinutes: null, arriveMinutes: null, restoreMinutes: null, repairWorkingDays: 1 };
    const out = evaluateSla({
      targets,
      repairMode: 'rolling-working-time',
      calendar,
      openedAt: at('2026-11-20T15:00:00+08:00'),
      events: [],
      asOf: at('2026-11-20T16:00:00+08:00'),
    });
    expect(out.repair.due).toEqual(at('2026-11-23T15:00:00+08:00'));
    expect(out.respond.status).toBeNull();
  });

  it.each([
    [{ events: [ev('2026-10-09T14:00:00+08:00', 'acknowledge')] }, 'events[0]'],
    [{ events: [ev('2026-10-09T16:00:00+08:00', 'pause', '')] }, 'events[0].reason'],
    [{ events: [ev('2026-10-09T16:00:00+08:00', 'resume')] }, 'events[0]'],
    [{ events: [ev('2026-10-09T17:00:00+08:00', 'pause', 'b'), ev('2026-10-09T16:00:00+08:00', 'pause', 'a')] }, 'events[0]'],
    [{ asOf: at('2026-10-09T14:00:00+08:00') }, 'asOf'],
  ])('should refuse bad input naming the field (%#)', (over, field) => {
    expect(() => run(over)).toThrow(SlaInputError);
    try {
      run(over);
    } catch (e) {
      expect((e as SlaInputError).field).toBe(field);
    }
  });

  it('should ignore events after asOf', () => {
    expect(run({ asOf: at('2026-10-09T15:20:00+08:00'), events: [ev('2026-10-09T15:30:00+08:00', 'acknowledge')] }).respond.status).toBe('pending');
  });

  it('should fail for a year without a calendar and for an unknown region', () => {
    expect(() => run({ openedAt: at('2026-12-30T10:00:00+08:00'), asOf: at('2026-12-31T10:00:00+08:00') })).toThrow(MissingHolidayCalendarError);
    expect(() => targetsFor(DEMO_SLA_POLICY, 1, 'Mars')).toThrow('region must be one of Qingdao, province');
  });
});
