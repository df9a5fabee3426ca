import { summariseServiceMonth, type ReportFault } from './service-report';

const at = (h: number) => new Date(Date.UTC(2026, 10, 3, h));
const fault = (over: Partial<ReportFault>): ReportFault => ({
  id: 'f', deviceId: 'CAM-1', deviceModel: 'DS-2CD', kind: 'offline', level: 3, openedAt: at(0), acknowledgedAt: null, restoredAt: null, closedAt: null,
  sla: { respond: 'pending', arrive: 'pending', restore: null, repair: 'pending' }, ...over,
});

describe(summariseServiceMonth.name, () => {
  it('should count faults by level, SLA compliance per step, MTTA and MTTR, repeats and failing models', () => {
    const r = summariseServiceMonth({
      now: at(100),
      faults: [
        fault({ id: 'a', acknowledgedAt: at(1), restoredAt: at(4), sla: { respond: 'met', arrive: 'met', restore: null, repair: 'met' } }),
        fault({ id: 'b', level: 2, deviceId: 'DVR-1', deviceModel: 'DS-7816', kind: 'disk-failed', acknowledgedAt: at(3), closedAt: at(10), sla: { respond: 'breached', arrive: 'met', restore: 'breached', repair: 'met' } }),
        fault({ id: 'c', sla: null }),
      ],
      patrols: [
        { kind: 'monthly', dueAt: at(50), submittedAt: at(40), signed: true },
        { kind: 'monthly', dueAt: at(50), submittedAt: at(60), signed: false },
        { kind: 'weekly-power-on', dueAt: at(50), submittedAt: null, signed: false },
        { kind: 'weekly-power-on', dueAt: at(200), submittedAt: null, signed: false },
      ],
      onlineBySite: [{ key: 's1', onlineSec: 3600 * 9, observedSec: 3600 * 10 }, { key: 's2', onlineSec: 0, observedSec: 0 }],
      onlineByType: [{ key: 'camera', onlineSec: 3600, observedSec: 7200 }],
    });
    expect(r.faults).toEqual({ total: 3, byLevel: { 1: 0, 2: 1, 3: 2, 4: 0 }, mttaMinutes: 120, mttrMinutes: 420 });
    expect(r.sla.respond).toEqual({ met: 1, breached: 1, compliance: 0.5 });
    expect(r.sla.arrive).toEqual({ met: 2, breached: 0, compliance: 1 });
    expect(r.sla.restore).toEqual({ met: 0, breached: 1, compliance: 0 });
    expect(r.patrols).toEqual({ total: 4, onTime: 1, late: 1, overdue: 1, signed: 1, onTimeRate: 0.25 });
    expect(r.repeatFaults).toEqual([{ deviceId: 'CAM-1', kind: 'offline', count: 2 }]);
    expect(r.failingModels).toEqual([{ model: 'DS-2CD', faults: 2 }, { model: 'DS-7816', faults: 1 }]);
    expect(r.online.bySite).toEqual([{ key: 's1', onlineRate: 0.9, observedHours: 10 }, { key: 's2', onlineRate: null, observedHours: 0 }]);
    expect(r.online.byDeviceType).toEqual([{ key: 'camera', onlineRate: 0.5, observedHours: 2 }]);
  });

  it('should answer nulls, not zeros, for a month with nothing in it', () => {
    const r = summariseServiceMonth({ now: at(0), faults: [], patrols: [], onlineBySite: [], onlineByType: [] });
    expect(r.faults).toEqual({ total: 0, byLevel: { 1: 0, 2: 0, 3: 0, 4: 0 }, mttaMinutes: null, mttrMinutes: null });
    expect(r.sla.repair.compliance).toBeNull();
    expect(r.patrols.onTimeRate).toBeNull();
  });
});
