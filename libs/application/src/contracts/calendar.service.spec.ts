import { Logger } from '@nestjs/common';
import { SHIPPED_HOLIDAY_SCHEDULES, type Actor, type HolidaySchedule } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AuditService } from '../audit/audit.service';
import { ForbiddenError, InputError } from '../errors';
import type { SlaRecomputeService } from '../faults/sla-recompute.service';
import { AccessPolicy } from '../identity/access-policy';
import type { HolidayScheduleRepository, SiteRepository, TransactionRunner } from '../ports';
import { FakeClock } from '../testing';
import { CalendarService } from './calendar.service';

const admin: Actor = { userId: 'admin', username: 'admin', role: 'admin', scope: null };
const adminB: Actor = { userId: 'admin-b', username: 'admin-b', role: 'admin', scope: { customerIds: ['cust-b'], siteIds: [] } };
const supervisor: Actor = { userId: 'sup', username: 'sup', role: 'supervisor', scope: null };
const engineer: Actor = { userId: 'eng', username: 'eng', role: 'engineer', scope: { customerIds: ['cust-b'], siteIds: [] } };

const Y2027: HolidaySchedule = { year: 2027, daysOff: ['2027-01-01'], makeUpWorkdays: ['2027-02-06'] };

/** The service over an in-memory calendar holding 2026 only, on a clock at 2 December 2026 (within the 60-day warning). */
function setup(opts: { recompute?: () => Promise<number> } = {}) {
  const clock = new FakeClock('2026-12-02T00:00:00Z');
  const stored = new Map<number, { schedule: HolidaySchedule; at: Date }>([[2026, { schedule: SHIPPED_HOLIDAY_SCHEDULES[1], at: clock.now() }]]);
  const audited: { actor: string; action: string; entity: string; entityId: string | null; before: unknown }[] = [];
  const recomputed: number[] = [];
  const tx = strictFake<TransactionRunner>('tx', { run: (work: () => Promise<unknown>) => work() });
  const audit = strictFake<AuditService>('audit', {
    record: async (actor: Actor, action: string, entity: string, entityId: string | null, before: unknown) => {
      audited.push({ actor: actor.username, action, entity, entityId, before });
      return {} as never;
    },
  });
  const service = new CalendarService(
    strictFake<HolidayScheduleRepository>('schedules', {
      list: async () => [...stored.values()].map((s) => s.schedule),
      find: async (year: number) => stored.get(year)?.schedule ?? null,
      save: async (schedule: HolidaySchedule, at: Date) => void stored.set(schedule.year, { schedule, at }),
    }),
    tx,
    audit,
    clock,
    new AccessPolicy(strictFake<SiteRepository>('sites'), audit, tx),
    strictFake<SlaRecomputeService>('slas', {
      afterCalendarLoaded: async (year: number) => {
        recomputed.push(year);
        return opts.recompute ? opts.recompute() : 3;
      },
    }),
  );
  return { service, clock, stored, audited, recomputed };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'done',
    (e: unknown) => (e instanceof InputError ? e.field : (e as Error).constructor.name),
  );

describe(CalendarService.name, () => {
  it('should refuse loading a calendar to a non-admin and to a scoped admin with 403, recorded, storing nothing', async () => {
    const { service, stored, audited, recomputed } = setup();
    await expect(service.put(supervisor, Y2027)).rejects.toThrow(ForbiddenError);
    await expect(service.put(adminB, Y2027)).rejects.toThrow(ForbiddenError);
    await expect(service.putNotice(adminB, 2027, 'date,kind\n2027-01-01,off\n')).rejects.toThrow(ForbiddenError);
    expect(audited.map((e) => [e.action, e.entity])).toEqual([
      ['access-denied', 'permission'],
      ['access-denied', 'estate'],
      ['access-denied', 'estate'],
    ]);
    expect([stored.has(2027), recomputed]).toEqual([false, []]);
  });

  it("should show every user the loaded years and warn when next year's is due and missing", async () => {
    const { service, clock } = setup();
    expect(await service.list(engineer)).toMatchObject({ total: 1, nextYear: 2027, missingNextYear: true, missingThisYear: false });
    await service.put(admin, Y2027);
    expect((await service.list(engineer)).missingNextYear).toBe(false);
    await clock.advance(31 * 24 * 3600_000);
    expect(await service.outlook()).toMatchObject({ nextYear: 2028, missingNextYear: false, missingThisYear: false });
  });

  it('should refuse a bad notice or schedule with 400 naming its line or field, storing nothing', async () => {
    const { service, stored, audited } = setup();
    expect(await refusal(service.putNotice(admin, 2027, 'date,kind\n2027-01-01,off\n2026-05-01,off\n'))).toBe('line 3');
    expect(await refusal(service.putNotice(admin, 2027, { daysOff: 'soon' }))).toBe('daysOff');
    expect(await refusal(service.put(admin, { ...Y2027, makeUpWorkdays: ['2027-02-30'] }))).toBe('makeUpWorkdays[0]');
    expect([stored.has(2027), audited]).toEqual([false, []]);
  });

  it("should store a year with the clock's time, audit a first load as create and a reload as update, and recompute its live faults", async () => {
    const { service, clock, stored, audited, recomputed } = setup();
    expect(await service.putNotice(admin, 2027, 'date,kind\n2027-01-01,off\n2027-02-06,班\n', '国办发明电')).toEqual({ ...Y2027, source: '国办发明电', recomputedFaults: 3 });
    expect(stored.get(2027)).toEqual({ schedule: { ...Y2027, source: '国办发明电' }, at: clock.now() });
    await service.put(admin, Y2027);
    expect(audited.map((e) => [e.action, e.entity, e.entityId, e.before === null])).toEqual([
      ['create', 'holiday-schedule', '2027', true],
      ['update', 'holiday-schedule', '2027', false],
    ]);
    expect(recomputed).toEqual([2027, 2027]);
  });

  it('should keep a stored calendar when recomputing the live faults fails, answering 0 recomputed', async () => {
    const { service, stored } = setup({
      recompute: async () => {
        throw new Error('database busy');
      },
    });
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    expect((await service.put(admin, Y2027)).recomputedFaults).toBe(0);
    expect(stored.has(2027)).toBe(true);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('database busy'));
    error.mockRestore();
  });

  it('should load as the system only the shipped years the database lacks', async () => {
    const { service, audited } = setup();
    await service.loadShipped();
    expect(audited.map((e) => [e.actor, e.action, e.entityId])).toEqual([['system', 'create', '2025']]);
  });
});
