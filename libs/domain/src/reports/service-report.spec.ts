import { summariseServiceMonth, type ReportFault } from './service-report';

const at = (h: number) => new Date(Date.UTC(2026, 10, 3, h));
const fault = (over: Partial<ReportFault>): ReportFault => ({
  id: 'f',
  deviceId: 'CAM-1',
  deviceModel: 'DS-2CD',
  kind: 'offline',
  level: 3,
  openedAt: at(0),
  acknowledgedAt: null,
  restoredAt: null,
  closedAt: null,
  clearedAt: null,
  sla: { respond: 'pending', arrive: 'pending', restore: null, repair: 'pending' },
  ...over,
});

describe(summariseServiceMonth.name, () => {
  it('should count faults by level, SLA compliance per step, MTTA and MTTR, repeats and failing models', () => {
    const r = summariseServiceMonth({
      now: at(100),
      faults: [
        fault({ id: 'a', acknowledgedAt: at(1), restoredAt: at(4), sla: { respond: 'met', arrive: 'met', restore: null, repair: 'met' } }),
        fault({
          id: 'b',
          level: 2,
          deviceId: 'DVR-1',
          deviceModel: 'DS-7816',
          kind: 'disk-failed',
          acknowledgedAt: at(3),
          closedAt: at(10),
          sla: { respond: 'breached', arrive: 'met', restore: 'breached', repair: 'met' },
        }),
        fault({ id: 'c', sla: null }),
      ],
      patrols: [
        { kind: 'monthly', dueAt: at(50), submittedAt: at(40), signed: true },
        { kind: 'monthly', dueAt: at(50), submittedAt: at(60), signed: false },
        { kind: 'weekly-power-on', dueAt: at(50), submittedAt: null, signed: false },
        { kind: 'weekly-power-on', dueAt: at(200), submittedAt: null, signed: false },
      ],
      onlineBySite: [
        { key: 's1', onlineSec: 3600 * 9, observedSec: 3600 * 10 },
        { key: 's2', onlineSec: 0, observedSec: 0 },
      ],
      onlineByType: [{ key: 'camera', onlineSec: 3600, observedSec: 7200 }],
    });
    expect(r.faults).toEqual({ total: 3, byLevel: { 1: 0, 2: 1, 3: 2, 4: 0 }, handled: 2, mttaMinutes: 120, mttrMinutes: 420, selfCleared: { count: 0, medianMinutes: null } });
    expect(r.sla.respond).toEqual({ met: 1, breached: 1, compliance: 0.5 });
    expect(r.sla.arrive).toEqual({ met: 2, breached: 0, compliance: 1 });
    expect(r.sla.restore).toEqual({ met: 0, breached: 1, compliance: 0 });
    expect(r.patrols).toEqual({ total: 4, settled: 3, onTime: 1, late: 1, overdue: 1, notYetDue: 1, signed: 1, onTimeRate: 0.333 });
    expect(r.repeatFaults).toEqual([{ deviceId: 'CAM-1', kind: 'offline', count: 2 }]);
    expect(r.failingModels).toEqual([
      { model: 'DS-2CD', faults: 2 },
      { model: 'DS-7816', faults: 1 },
    ]);
    expect(r.online.bySite).toEqual([
      { key: 's1', onlineRate: 0.9, observedHours: 10 },
      { key: 's2', onlineRate: null, observedHours: 0 },
    ]);
    expect(r.online.byDeviceType).toEqual([{ key: 'camera', onlineRate: 0.5, observedHours: 2 }]);
  });

  it('should answer nulls, not zeros, for a month with nothing in it', () => {
    const r = summariseServiceMonth({ now: at(0), faults: [], patrols: [], onlineBySite: [], onlineByType: [] });
    expect(r.faults).toEqual({ total: 0, byLevel: { 1: 0, 2: 0, 3: 0, 4: 0 }, handled: 0, mttaMinutes: null, mttrMinutes: null, selfCleared: { count: 0, medianMinutes: null } });
    expect(r.sla.repair.compliance).toBeNull();
    expect(r.patrols.onTimeRate).toBeNull();
  });

  it('should take MTTA and MTTR over the faults people handled, and count faults that cleared by themselves apart', () => {
    const sec = (s: number) => new Date(at(0).getTime() + s * 1000);
    const r = summariseServiceMonth({
      now: at(100),
      patrols: [],
      onlineBySite: [],
      onlineByType: [],
      faults: [
        // acknowledged after 30 min, restored by the engineer after 90
        fault({ id: 'worked', acknowledgedAt: sec(1800), restoredAt: sec(5400), closedAt: sec(7200) }),
        // acknowledged after 10 min, then the device came back by itself after 50: handled, its restore counts
        fault({ id: 'acked', acknowledgedAt: sec(600), restoredAt: sec(3000), clearedAt: sec(3000), closedAt: sec(3000) }),
        // restored by a person without acknowledging, health confirmed it later
        fault({ id: 'restored', restoredAt: sec(1200), clearedAt: sec(1500) }),
        // closed by a person straight away (a false alarm)
        fault({ id: 'closed', restoredAt: sec(300), closedAt: sec(300) }),
        // flaps that cleared in seconds before anyone acted
        fault({ id: 'flap1', restoredAt: sec(6), clearedAt: sec(6), closedAt: sec(6) }),
        fault({ id: 'flap2', restoredAt: sec(12), clearedAt: sec(12), closedAt: sec(12) }),
        fault({ id: 'flap3', restoredAt: sec(600), clearedAt: sec(600), closedAt: sec(600) }),
        // open and untouched: in the total, in neither figure
        fault({ id: 'open' }),
      ],
    });
    expect(r.faults.total).toBe(8);
    expect(r.faults.handled).toBe(4);
    expect(r.faults.mttaMinutes).toBe(20); // (30 + 10) / 2
    expect(r.faults.mttrMinutes).toBe(41.3); // (90 + 50 + 20 + 5) / 4
    expect(r.faults.selfCleared).toEqual({ count: 3, medianMinutes: 0.2 });
  });

  it('should take the on-time rate over patrols already due or done, not those whose due is still ahead', () => {
    const p = (dueH: number, submittedH: number | null) => ({ kind: 'monthly', dueAt: at(dueH), submittedAt: submittedH === null ? null : at(submittedH), signed: false });
    const r = summariseServiceMonth({
      now: at(50),
      faults: [],
      onlineBySite: [],
      onlineByType: [],
      patrols: [
        p(40, 30), // on time
        p(40, 45), // late
        p(40, null), // overdue
        p(50, null), // due this very instant: not past it yet
        p(90, 20), // done early: on time, whatever happens later
        ...Array.from({ length: 40 }, () => p(200, null)), // the rest of the month, still ahead
      ],
    });
    expect(r.patrols).toEqual({ total: 45, settled: 4, onTime: 2, late: 1, overdue: 1, notYetDue: 41, signed: 0, onTimeRate: 0.5 });
  });

  it('should answer no on-time rate while every patrol is still ahead', () => {
    const r = summariseServiceMonth({
      now: at(0),
      faults: [],
      onlineBySite: [],
      onlineByType: [],
      patrols: [{ kind: 'weekly-power-on', dueAt: at(5), submittedAt: null, signed: false }],
    });
    expect(r.patrols).toMatchObject({ total: 1, settled: 0, notYetDue: 1, onTimeRate: null });
  });
});
