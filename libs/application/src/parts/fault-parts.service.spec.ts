import { applyFaultAction, type Fault, type FaultAction, type FaultPart, type PartModel, type Store } from '@vigil/domain';
import { fakeAccess, makeUnitSite, unitActor } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import { ConflictError, InputError } from '../errors';
import type { PartsTermsService } from '../contracts/parts-terms.service';
import type { FaultService } from '../faults/fault.service';
import type { DeviceRepository, FaultPartRepository, StockRepository, UserRepository } from '../ports';
import { FakeClock } from '../testing';
import { makeFault } from '../testing/alerting-fakes';
import { FaultPartService } from './fault-parts.service';
import type { StockChange, StockLedger } from './stock-ledger';
import type { StockService } from './stock.service';

const AT = new Date('2026-12-02T02:00:00Z');
const DISK: PartModel = {
  id: 'disk',
  sku: 'HDD-4T',
  name: '硬盘 4TB',
  vendor: null,
  compatibleModels: ['DH-XVR5108HS'],
  unitCostCents: 68_000,
  warrantyMonths: 36,
  createdAt: AT,
  updatedAt: AT,
};
const VAN: Store = { id: 'van', name: 'van', kind: 'van', region: null, ownerId: null, active: true, createdAt: AT, updatedAt: AT };

function setUp(pauseAllowed: boolean, deviceModel = 'DH-XVR5108HS') {
  const clock = new FakeClock(AT);
  const { access, audit, tx } = fakeAccess([makeUnitSite('S1', 'c1')]);
  let fault: Fault = makeFault({ id: 'F1', deviceId: 'DVR-1', siteId: 'S1', contractId: 'K1' });
  const applied: FaultAction[] = [];
  const faults = strictFake<FaultService>('faults', {
    visible: async () => fault,
    require: async () => fault,
    apply: async (_f: Fault, action: FaultAction) => {
      applied.push(action);
      fault = applyFaultAction(fault, action, clock.now());
      return fault;
    },
  });
  const stored = new Map<string, FaultPart>();
  const parts = strictFake<FaultPartRepository>('parts', {
    insert: async (p: FaultPart) => void stored.set(p.id, p),
    update: async (p: FaultPart) => void stored.set(p.id, p),
    findById: async (id: string) => stored.get(id) ?? null,
  });
  const moves: StockChange[] = [];
  const ledger = strictFake<StockLedger>('ledger', { move: async (_a: unknown, c: StockChange) => void moves.push(c) });
  const service = new FaultPartService(
    parts,
    strictFake<StockRepository>('stock', { listPartModels: async () => [DISK], listStores: async () => [VAN] }),
    strictFake<StockService>('stock service', { requirePartModel: async () => DISK, requireStore: async () => VAN }),
    ledger,
    faults,
    strictFake<DeviceRepository>('devices', { findById: async () => ({ id: 'DVR-1', model: deviceModel }) }),
    strictFake<UserRepository>('users'),
    strictFake<PartsTermsService>('terms', { forContract: async () => ({ pauseWhileWaitingForPart: pauseAllowed }) }),
    tx,
    audit,
    clock,
    access,
  );
  return { service, applied, moves, fault: () => fault };
}

describe(FaultPartService.name, () => {
  const engineer = unitActor('engineer');

  it('should pause the SLA waiting for a part where the contract allows it, and resume it when the part is fitted', async () => {
    const { service, applied, moves, fault } = setUp(true);
    const part = await service.reserve(engineer, 'F1', { partModelId: 'disk', storeId: 'van' });
    await expect(service.wait(engineer, 'F1', part.id)).resolves.toMatchObject({ waiting: true });
    expect(applied).toEqual([{ type: 'pause', reason: 'waiting for part: 硬盘 4TB' }]);
    expect(fault().pauses).toEqual([expect.objectContaining({ to: null, reason: 'waiting for part: 硬盘 4TB' })]);
    const fitted = await service.fit(engineer, 'F1', part.id, { serialIn: 'NEW1', serialOut: 'OLD1' });
    expect(fitted).toMatchObject({ state: 'fitted', waiting: false, serialIn: 'NEW1', serialOut: 'OLD1', warrantyUntil: new Date('2029-12-02T02:00:00Z') });
    expect(applied.map((a) => a.type)).toEqual(['pause', 'resume']);
    expect(moves.map((m) => [m.kind, m.onHandDelta, m.reservedDelta])).toEqual([
      ['reserve', 0, 1],
      ['fit', -1, -1],
    ]);
  });

  it("should refuse the pause where the contract's parts terms do not allow it", async () => {
    const { service, applied } = setUp(false);
    const part = await service.reserve(engineer, 'F1', { partModelId: 'disk', storeId: 'van' });
    const refusal = await service.wait(engineer, 'F1', part.id).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ConflictError);
    expect((refusal as ConflictError).code).toBe('contract-forbids-part-pause');
    expect(applied).toEqual([]);
  });

  it('should refuse a part that does not fit the device, naming the part model', async () => {
    const { service, moves } = setUp(true, 'Hikvision DS-2CD3T46WDV3-I3');
    const refusal = await service.reserve(engineer, 'F1', { partModelId: 'disk', storeId: 'van' }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(InputError);
    expect(refusal).toMatchObject({ field: 'partModelId' });
    expect(moves).toEqual([]);
  });

  it('should refuse steps the part state does not allow, and an auditor altogether', async () => {
    const { service } = setUp(true);
    const part = await service.reserve(engineer, 'F1', { partModelId: 'disk', storeId: 'van' });
    await expect(service.giveBack(engineer, 'F1', part.id, null)).rejects.toMatchObject({ code: 'part-state' });
    await expect(service.reserve(unitActor('auditor'), 'F1', { partModelId: 'disk', storeId: 'van' })).rejects.toThrow(/auditor/);
  });
});
