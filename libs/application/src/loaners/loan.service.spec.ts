import { DEFAULT_PARTS_TERMS, type Device, type Fault, type FaultAction, type Loan, type LoanerUnit } from '@vigil/domain';
import { fakeAccess, makeUnitDevice, makeUnitSite, unitActor } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AssetChanges } from '../assets/asset-changes';
import type { PartsTermsService } from '../contracts/parts-terms.service';
import type { FaultService } from '../faults/fault.service';
import { makeFault } from '../testing/alerting-fakes';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors';
import type { DeviceRepository, FaultRepository, LoanerRepository, LoanRepository, ScheduledActions, SiteRepository } from '../ports';
import { FakeClock } from '../testing/fake-time';
import { LOAN_OVERDUE, LoanService } from './loan.service';

// 2026-12-01 23:30 in Shanghai: still the 1st there
const NOW = '2026-12-01T15:30:00Z';
const SITES = [makeUnitSite('sA', 'cust-a', { contractId: 'cA' }), makeUnitSite('sB', 'cust-b')];

function setup() {
  const clock = new FakeClock(NOW);
  const { access, audit, tx, audited } = fakeAccess(SITES);
  const devices = new Map<string, Device>([
    ['CAM-A', makeUnitDevice('CAM-A', 'sA', { type: 'camera', name: '1号摄像机', parentId: 'NVR-A', heartbeatIntervalSec: 5 })],
    ['CAM-B', makeUnitDevice('CAM-B', 'sB', { type: 'camera' })],
  ]);
  const units = new Map<string, LoanerUnit>([
    ['LN-1', { id: 'LN-1', type: 'camera', model: 'X', serial: 'S', vendor: 'V', storeId: 'central', state: 'in-store', createdAt: clock.now(), updatedAt: clock.now() }],
  ]);
  const loans = new Map<string, Loan>();
  const away = new Map<string, string | null>();
  const scheduled: { key: string; kind: string; dueAt: Date }[] = [];
  const cancelled: string[] = [];
  const changed: string[][] = [];
  const openOfLoaner = [makeFault({ id: 'F-LN', deviceId: 'LN-1', siteId: 'sA', kind: 'offline' })];
  const cleared: string[] = [];
  const service = new LoanService(
    strictFake<LoanRepository>('loans', {
      findById: async (id: string) => loans.get(id) ?? null,
      outFor: async (id: string) => [...loans.values()].find((l) => l.state === 'out' && (l.loanerId === id || l.standsInFor === id)) ?? null,
      save: async (l: Loan) => void loans.set(l.id, l),
      markAway: async (id: string, loanId: string | null) => void away.set(id, loanId),
    }),
    strictFake<LoanerRepository>('loaners', { findById: async (id: string) => units.get(id) ?? null, save: async (u: LoanerUnit) => void units.set(u.id, u) }),
    strictFake<DeviceRepository>('devices', {
      findById: async (id: string) => devices.get(id) ?? null,
      insert: async (d: Device) => void devices.set(d.id, d),
      delete: async (id: string) => void devices.delete(id),
      countChildren: async () => 0,
    }),
    strictFake<SiteRepository>('sites', { findById: async (id: string) => SITES.find((s) => s.id === id) ?? null }),
    strictFake<FaultRepository>('faults', { list: async () => ({ items: openOfLoaner, total: openOfLoaner.length }) }),
    strictFake<FaultService>('faultService', { apply: async (f: Fault, action: FaultAction) => (cleared.push(`${f.id} ${action.type}`), f) }),
    strictFake<PartsTermsService>('terms', { forContract: async () => ({ ...DEFAULT_PARTS_TERMS, loanerDueDays: 10 }) }),
    strictFake<ScheduledActions>('actions', {
      schedule: async (key: string, kind: string, dueAt: Date) => void scheduled.push({ key, kind, dueAt }),
      cancel: async (key: string) => void cancelled.push(key),
    }),
    strictFake<AssetChanges>('changes', { devicesChanged: (ids: string[]) => void changed.push(ids) }),
    access,
    tx,
    audit,
    clock,
  );
  return { service, devices, units, loans, away, scheduled, cancelled, changed, audited, cleared };
}

describe(LoanService.name, () => {
  const operator = unitActor('operator');

  it("should lend a unit in the away device's place, due the contract's days after the local day, with its overdue timer at that day's end", async () => {
    const { service, devices, units, away, scheduled, changed, audited } = setup();
    const loan = await service.lend(operator, { loanerId: 'LN-1', standsInFor: 'CAM-A' });
    expect(loan).toMatchObject({ loanerId: 'LN-1', siteId: 'sA', customerId: 'cust-a', standsInFor: 'CAM-A', dueBackOn: '2026-12-11', state: 'out', overdue: false });
    expect(devices.get('LN-1')).toMatchObject({ siteId: 'sA', parentId: 'NVR-A', heartbeatIntervalSec: 5, status: 'unknown' });
    expect(devices.get('LN-1')!.name).toContain('1号摄像机');
    expect(away.get('CAM-A')).toBe(loan.id);
    expect(units.get('LN-1')!.state).toBe('lent');
    expect(scheduled).toEqual([{ key: `${LOAN_OVERDUE}:${loan.id}`, kind: LOAN_OVERDUE, dueAt: new Date('2026-12-11T16:00:00Z') }]);
    expect(changed).toEqual([['LN-1', 'CAM-A']]);
    expect(audited.map((e) => `${e.action} ${e.entity}`)).toEqual(['create loan']);
  });

  it('should refuse a unit already out, a device already away, a day in the past, and a device outside the scope', async () => {
    const { service, units } = setup();
    await expect(service.lend(operator, { loanerId: 'LN-1', standsInFor: 'CAM-A', dueBackOn: '2026-11-30' })).rejects.toThrow(InputError);
    await service.lend(operator, { loanerId: 'LN-1', standsInFor: 'CAM-A' });
    await expect(service.lend(operator, { loanerId: 'LN-1', standsInFor: 'CAM-A' })).rejects.toThrow(ConflictError);
    units.set('LN-2', { ...units.get('LN-1')!, id: 'LN-2', state: 'in-store' });
    await expect(service.lend(operator, { loanerId: 'LN-2', standsInFor: 'CAM-A' })).rejects.toThrow(ConflictError);
    await expect(service.lend(unitActor('operator', ['cust-a']), { loanerId: 'LN-2', standsInFor: 'CAM-B' })).rejects.toThrow(NotFoundError);
    await expect(service.lend(unitActor('auditor'), { loanerId: 'LN-2', standsInFor: 'CAM-A' })).rejects.toThrow(ForbiddenError);
  });

  it('should swap back once: the away device watched again, the loaner off the site (its faults cleared) and back in store, its timer cancelled', async () => {
    const { service, devices, units, away, cancelled, cleared } = setup();
    const loan = await service.lend(operator, { loanerId: 'LN-1', standsInFor: 'CAM-A' });
    const back = await service.swapBack(operator, loan.id);
    expect(back).toMatchObject({ state: 'returned', returnedBy: 'operator-user' });
    expect(devices.has('LN-1')).toBe(false);
    expect(away.get('CAM-A')).toBeNull();
    expect(units.get('LN-1')!.state).toBe('in-store');
    expect(cancelled).toEqual([`${LOAN_OVERDUE}:${loan.id}`]);
    expect(cleared).toEqual(['F-LN clear']);
    await expect(service.swapBack(operator, loan.id)).rejects.toThrow(ConflictError);
  });
});
