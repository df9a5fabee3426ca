import type { ArchiveEntry, Contract, Customer, Device } from '@vigil/domain';
import { fakeAccess, makeUnitDevice, makeUnitSite, unitActor } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import { InputError, NotFoundError } from '../errors';
import type { FaultService, FaultView } from '../faults/fault.service';
import type { ContractRepository, CsvWriter, CustomerRepository, DeviceRepository, SiteRepository } from '../ports';
import { FakeClock } from '../testing';
import { ArchiveRegistry, ArchiveSource, type ArchiveContribution, type ArchiveQuery } from './archive-source';
import { ArchiveService } from './archive.service';
import { FaultArchiveSource } from './sources/fault.source';

const AT = new Date('2026-01-01T00:00:00Z');
const SITES = [
  makeUnitSite('sA', 'cust-a', { contractId: 'cA', name: '城阳站' }),
  makeUnitSite('sA2', 'cust-a', { contractId: 'cA' }),
  makeUnitSite('sB', 'cust-b', { contractId: 'cB' }),
];
const CONTRACT: Contract = {
  id: 'cA',
  customerId: 'cust-a',
  name: '青岛合同',
  startsOn: '2026-01-01',
  endsOn: '2027-12-31',
  timeZone: 'Asia/Shanghai',
  slaPolicy: {},
  createdAt: AT,
  updatedAt: AT,
};
const DEVICES: Device[] = [makeUnitDevice('DVR-1', 'sA', { name: '录像机' }), makeUnitDevice('CAM-9', 'sB')];

const entry = (kind: string, at: string, siteId = 'sA', over: Partial<ArchiveEntry> = {}): ArchiveEntry => ({
  kind,
  at: new Date(at),
  until: null,
  siteId,
  deviceId: null,
  ref: null,
  code: kind,
  facts: {},
  text: { zh: `${kind} 记录`, en: `${kind} entry` },
  ...over,
});

/** A source that answers what it was given and remembers what it was asked. */
class FixedSource extends ArchiveSource {
  readonly asked: ArchiveQuery[] = [];
  constructor(
    readonly kinds: readonly string[],
    private readonly found: ArchiveEntry[],
  ) {
    super();
  }
  async entries(q: ArchiveQuery): Promise<ArchiveContribution> {
    this.asked.push(q);
    return { entries: this.found.filter((e) => q.scope.siteIds.includes(e.siteId)), truncated: false };
  }
}

function setup(sources: ArchiveSource[]) {
  const { access, audit, tx, audited } = fakeAccess(SITES);
  const registry = new ArchiveRegistry();
  for (const s of sources) registry.register(s);
  const service = new ArchiveService(
    registry,
    access,
    strictFake<DeviceRepository>('devices', {
      findById: async (id: string) => DEVICES.find((d) => d.id === id) ?? null,
      findByIds: async (ids: string[]) => DEVICES.filter((d) => ids.includes(d.id)),
      list: async (f: { siteIds: string[] }) => ({ items: DEVICES.filter((d) => f.siteIds.includes(d.siteId)), total: 0 }),
    }),
    strictFake<SiteRepository>('sites', { findById: async (id: string) => SITES.find((s) => s.id === id) ?? null, listAll: async () => SITES }),
    strictFake<ContractRepository>('contracts', { findById: async (id: string) => (id === 'cA' ? CONTRACT : null) }),
    strictFake<CustomerRepository>('customers', { findById: async (id: string) => ({ id, name: '青岛港' }) as Customer }),
    new FakeClock('2026-12-02T04:00:00Z'),
    strictFake<CsvWriter>('csv', { write: (rows: readonly (readonly (string | number)[])[]) => rows.map((r) => r.join(',')).join('\n') }),
    tx,
    audit,
  );
  return { service, audited };
}

describe(ArchiveService.name, () => {
  it('should merge the entries of every source into one timeline, oldest first, over the months of the contract zone', async () => {
    const faults = new FixedSource(['fault'], [entry('fault', '2026-11-05T00:00:00Z'), entry('fault', '2026-10-02T00:00:00Z', 'sA2')]);
    const patrols = new FixedSource(['patrol'], [entry('patrol', '2026-10-20T00:00:00Z')]);
    const { service } = setup([faults, patrols]);
    const page = await service.list(unitActor('operator'), { contractId: 'cA', from: '2026-10', to: '2026-12' }, {});
    expect(page.items.map((e) => [e.kind, e.at, e.siteName])).toEqual([
      ['fault', '2026-10-02T00:00:00.000Z', 'Site sA2'],
      ['patrol', '2026-10-20T00:00:00.000Z', '城阳站'],
      ['fault', '2026-11-05T00:00:00.000Z', '城阳站'],
    ]);
    expect(page).toMatchObject({
      scope: { level: 'contract', id: 'cA', name: '青岛合同' },
      timeZone: 'Asia/Shanghai',
      total: 3,
      from: '2026-09-30T16:00:00.000Z',
      to: '2026-12-31T16:00:00.000Z',
    });
    // the period is still under way: what is open counts up to now
    expect(faults.asked[0]).toMatchObject({ from: new Date('2026-09-30T16:00:00Z'), to: new Date('2026-12-31T16:00:00Z'), end: new Date('2026-12-02T04:00:00Z') });
    expect(faults.asked[0].scope.siteIds.sort()).toEqual(['sA', 'sA2']);
  });

  it('should ask only the sources of the kinds wanted, and refuse a kind nobody registered', async () => {
    const faults = new FixedSource(['fault', 'repair'], []);
    const patrols = new FixedSource(['patrol'], []);
    const { service } = setup([faults, patrols]);
    await service.list(unitActor('operator'), { siteId: 'sA', kinds: ['repair'] }, {});
    expect([faults.asked.length, patrols.asked.length]).toEqual([1, 0]);
    await expect(service.list(unitActor('operator'), { siteId: 'sA', kinds: ['gossip'] }, {})).rejects.toMatchObject({ field: 'kinds' });
  });

  it("should answer 404 for another customer's device, site and contract, before any source is asked", async () => {
    const faults = new FixedSource(['fault'], [entry('fault', '2026-11-05T00:00:00Z')]);
    const { service } = setup([faults]);
    const scopedB = unitActor('operator', ['cust-b']);
    await expect(service.list(scopedB, { deviceId: 'DVR-1' }, {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.list(scopedB, { siteId: 'sA' }, {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.list(scopedB, { contractId: 'cA' }, {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.list(unitActor('operator'), { contractId: 'nope' }, {})).rejects.toBeInstanceOf(NotFoundError);
    expect(faults.asked).toHaveLength(0);
    // B's own device: its archive, of its site only
    await service.list(scopedB, { deviceId: 'CAM-9' }, {});
    expect(faults.asked[0].scope).toMatchObject({ level: 'device', deviceId: 'CAM-9', siteIds: ['sB'] });
  });

  it('should take one of device, site and contract, and a period that is one', async () => {
    const { service } = setup([new FixedSource(['fault'], [])]);
    const actor = unitActor('operator');
    await expect(service.list(actor, {}, {})).rejects.toBeInstanceOf(InputError);
    await expect(service.list(actor, { siteId: 'sA', contractId: 'cA' }, {})).rejects.toMatchObject({ field: 'contractId' });
    await expect(service.list(actor, { siteId: 'sA', from: '2026-13' }, {})).rejects.toMatchObject({ field: 'from' });
    await expect(service.list(actor, { siteId: 'sA', from: '2026-11', to: '2026-10' }, {})).rejects.toMatchObject({ field: 'to' });
  });

  it('should write the CSV with local times and the zone named, and audit the export', async () => {
    const { service, audited } = setup([new FixedSource(['fault'], [entry('fault', '2026-11-05T01:30:00Z', 'sA', { deviceId: 'DVR-1' })])]);
    const csv = await service.exportCsv(unitActor('auditor'), { deviceId: 'DVR-1', from: '2026-11', to: '2026-11' });
    expect(csv).toContain('2026-11-05 09:30 (Asia/Shanghai),,故障 Fault,城阳站,录像机 DVR-1,fault 记录,fault entry');
    expect(audited).toEqual([
      expect.objectContaining({
        actor: 'auditor-user',
        action: 'export',
        entity: 'archive',
        entityId: 'device:DVR-1',
        after: expect.objectContaining({ format: 'csv', entries: 1 }),
      }),
    ]);
  });
});

describe(FaultArchiveSource.name, () => {
  it('should give each fault its SLA outcome per clock, and its repair from the resolution', async () => {
    const opened = new Date('2026-11-10T02:00:00Z');
    const closed = new Date('2026-11-10T06:00:00Z');
    const step = (status: string | null) => ({ due: null, status, warnAt: null, completedAt: null });
    const fault = {
      id: 'f1',
      deviceId: 'DVR-1',
      siteId: 'sA',
      kind: 'damaged',
      level: 3,
      state: 'closed',
      source: 'report',
      parentFaultId: null,
      description: '风扇异响',
      openedAt: opened,
      restoredAt: null,
      repairedAt: closed,
      closedAt: closed,
      resolution: '更换风扇',
      sla: { respond: step('met'), arrive: step('breached'), restore: step(null), repair: step('met'), calendarMissing: [], note: null },
    } as unknown as FaultView;
    const asked: unknown[] = [];
    const faults = strictFake<FaultService>('faults', {
      listWithin: async (filter: unknown) => {
        asked.push(filter);
        return { items: [fault], total: 1 };
      },
    });
    const source = new FaultArchiveSource(new ArchiveRegistry(), faults);
    const scope = { level: 'device' as const, id: 'DVR-1', siteIds: ['sA'], deviceId: 'DVR-1', contractId: 'cA', timeZone: 'Asia/Shanghai' };
    const { entries } = await source.entries({ scope, from: AT, to: closed, end: closed, limit: 10 });
    expect(asked).toEqual([{ siteIds: ['sA'], deviceId: 'DVR-1', from: AT, to: closed }]);
    expect(entries).toEqual([
      expect.objectContaining({ kind: 'fault', at: opened, until: closed, facts: expect.objectContaining({ respond: 'met', arrive: 'breached', restore: null, repair: 'met' }) }),
      expect.objectContaining({ kind: 'repair', at: closed, ref: { type: 'fault', id: 'f1' }, text: { zh: '维修：更换风扇', en: 'Repair: 更换风扇' } }),
    ]);
    expect(entries[0].text.zh).toBe('故障 damaged（3级）已关闭：风扇异响；SLA 响应达标 · 到场超时 · 修复达标');
  });
});
