import { Logger } from '@nestjs/common';
import type { VigilConfig } from '@vigil/config';
import {
  buildDemoEstate,
  DEFAULT_WORKING_HOURS,
  DEMO_CONTRACT_ID,
  DEMO_SLA_POLICY,
  type Actor,
  type Callback,
  type Device,
  type FeedbackEntry,
  type LoanerUnit,
  type Page,
  type Site,
  type Survey,
} from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AssetChanges } from '../assets/asset-changes';
import type { AuditService } from '../audit/audit.service';
import type { ContractInput, ContractService } from '../contracts/contract.service';
import type { CallbackRepository, CustomerRepository, DeviceRepository, FeedbackRepository, LoanerRepository, SiteRepository, SurveyRepository, TransactionRunner } from '../ports';
import { FakeClock } from '../testing/fake-time';
import { DemoEstateLoader } from './demo-estate-loader.service';

const NOW = new Date('2026-12-02T08:00:00Z');

/** The loader over an in-memory estate; each write notes whether it ran inside the transaction. */
function setup(demo = true) {
  const store = {
    customers: [] as unknown[],
    contracts: [] as { id: string; input: ContractInput }[],
    sites: [] as Site[],
    devices: [] as Device[],
    feedback: [] as FeedbackEntry[],
    loaners: [] as LoanerUnit[],
  };
  const service = { callbacks: [] as Callback[], surveys: [] as Survey[] };
  const audited: string[] = [];
  const outsideTx: string[] = [];
  const changed: string[][] = [];
  let inTx = false;
  const write = (what: string) => inTx || outsideTx.push(what);
  const loader = new DemoEstateLoader(
    { demo } as VigilConfig,
    strictFake<SiteRepository>('sites', {
      list: async (): Promise<Page<Site>> => ({ items: store.sites.slice(0, 1), total: store.sites.length }),
      insert: async (site: Site) => void (write('site'), store.sites.push(site)),
    }),
    strictFake<DeviceRepository>('devices', { insert: async (device: Device) => void (write('device'), store.devices.push(device)) }),
    strictFake<CustomerRepository>('customers', { insert: async (customer: unknown) => void (write('customer'), store.customers.push(customer)) }),
    strictFake<ContractService>('contracts', {
      create: async (_actor: Actor, input: ContractInput, id: string) => {
        write('contract');
        store.contracts.push({ id, input });
        return {} as never;
      },
    }),
    strictFake<TransactionRunner>('tx', {
      run: async (work: () => Promise<unknown>) => {
        inTx = true;
        try {
          return await work();
        } finally {
          inTx = false;
        }
      },
    }),
    strictFake<AuditService>('audit', {
      record: async (actor: Actor, action: string, entity: string) => {
        write('audit');
        audited.push(`${actor.username} ${action} ${entity}`);
        return {} as never;
      },
    }),
    new FakeClock(NOW),
    strictFake<AssetChanges>('changes', { devicesChanged: (ids: string[]) => void changed.push(ids) }),
    strictFake<FeedbackRepository>('feedback', {
      insert: async (e: FeedbackEntry) => void (write('feedback'), store.feedback.push(e)),
      addHistory: async () => void write('feedback history'),
    }),
    strictFake<CallbackRepository>('callbacks', { insertFirst: async (c: Callback) => (write('callback'), service.callbacks.push(c), true) }),
    strictFake<SurveyRepository>('surveys', { insert: async (s: Survey) => void (write('survey'), service.surveys.push(s)) }),
    strictFake<LoanerRepository>('loaners', { save: async (u: LoanerUnit) => void (write('loaner'), store.loaners.push(u)) }),
  );
  return { loader, store, service, audited, outsideTx, changed };
}

describe(DemoEstateLoader.name, () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('should touch nothing unless the demo is switched on', async () => {
    const { loader, store, changed } = setup(false);

    await loader.loadIfEmpty();

    expect(store).toEqual({ customers: [], contracts: [], sites: [], devices: [], feedback: [], loaners: [] });
    expect(changed).toEqual([]);
  });

  it("should load the tender's customer, demo contract, sites and devices into an empty database, in one transaction, audited", async () => {
    const { loader, store, audited, outsideTx, changed } = setup();
    const estate = buildDemoEstate();

    await loader.loadIfEmpty();

    expect(store.customers).toEqual([estate.customer]);
    expect(store.contracts).toEqual([
      { id: DEMO_CONTRACT_ID, input: expect.objectContaining({ customerId: estate.customer.id, slaPolicy: DEMO_SLA_POLICY, timeZone: 'Asia/Shanghai' }) },
    ]);
    expect(store.sites.map((s) => s.code)).toEqual(estate.sites.map((s) => s.code));
    expect(store.devices.map((d) => d.id)).toEqual(estate.devices.map((d) => d.id));
    // a camera and an NVR wait in the central store, their ids no device's
    expect(store.loaners.map((u) => [u.type, u.storeId, u.state])).toEqual([
      ['camera', 'central', 'in-store'],
      ['nvr', 'central', 'in-store'],
    ]);
    expect(store.loaners.some((u) => estate.devices.some((d) => d.id === u.id))).toBe(false);
    expect(outsideTx).toEqual([]);
    expect(audited.filter((a) => a === 'system create site')).toHaveLength(estate.sites.length);
    expect(audited.filter((a) => a === 'system create device')).toHaveLength(estate.devices.length);
    expect(audited[0]).toBe('system create customer');
    expect(changed).toEqual([estate.devices.map((d) => d.id)]);
  });

  it('should load a praise, a suggestion, a resolved and confirmed complaint and an open maintenance request on the estate', async () => {
    const { loader, store, audited } = setup();

    await loader.loadIfEmpty();

    expect(store.feedback.map((e) => [e.kind, e.state])).toEqual([
      ['praise', 'closed'],
      ['suggestion', 'open'],
      ['complaint', 'closed'],
      ['maintenance-request', 'open'],
    ]);
    const siteIds = new Set(store.sites.map((s) => s.id));
    const deviceIds = new Set(store.devices.map((d) => d.id));
    for (const e of store.feedback) {
      expect(e.customerId).toBe('demo-customer');
      if (e.siteId) expect(siteIds.has(e.siteId)).toBe(true);
      if (e.deviceId) expect(deviceIds.has(e.deviceId)).toBe(true);
      expect(e.receivedAt.getTime()).toBeLessThan(NOW.getTime());
    }
    const complaint = store.feedback.find((e) => e.kind === 'complaint')!;
    expect(complaint.resolvedAt!.getTime()).toBeLessThanOrEqual(complaint.dueAt!.getTime());
    expect(complaint.confirmation).toMatchObject({ via: 'phone' });
    expect(audited.filter((a) => a === 'system create feedback')).toHaveLength(4);
  });

  it('should link sites to their parents, customer and contract, and devices to their sites, as never seen yet', async () => {
    const { loader, store } = setup();
    const estate = buildDemoEstate();

    await loader.loadIfEmpty();

    const byCode = new Map(store.sites.map((s) => [s.code, s]));
    for (const s of estate.sites) {
      const site = byCode.get(s.code)!;
      expect(site).toMatchObject({ customerId: estate.customer.id, contractId: DEMO_CONTRACT_ID, timeZone: 'Asia/Shanghai', createdAt: NOW });
      expect(site.parentId).toBe(s.parentCode ? byCode.get(s.parentCode)!.id : null);
      expect(site.workingHours).toBe(s.kind === 'provincial-centre' ? '00:00-24:00' : DEFAULT_WORKING_HOURS);
    }
    const siteCodeById = new Map(store.sites.map((s) => [s.id, s.code]));
    for (const [i, d] of estate.devices.entries()) {
      expect(siteCodeById.get(store.devices[i].siteId)).toBe(d.siteCode);
      expect(store.devices[i]).toMatchObject({ status: 'unknown', lastSeenAt: null, conditions: [] });
    }
  });

  it('should load nothing more on a second start, nor announce any change', async () => {
    const { loader, store, audited, changed } = setup();
    await loader.loadIfEmpty();
    const counts = [store.customers.length, store.contracts.length, store.sites.length, store.devices.length, audited.length];

    await loader.loadIfEmpty();

    expect([store.customers.length, store.contracts.length, store.sites.length, store.devices.length, audited.length]).toEqual(counts);
    expect(changed).toHaveLength(1);
  });

  it('should load a survey answered by phone, its follow-up callback done, and a callback due, at the demo sites, audited', async () => {
    const { loader, store, service, audited, outsideTx } = setup();

    await loader.loadIfEmpty();

    const siteIds = new Set(store.sites.map((s) => s.id));
    expect(service.surveys).toEqual([expect.objectContaining({ state: 'answered', channel: 'phone', contractId: DEMO_CONTRACT_ID })]);
    expect(service.callbacks.map((c) => [c.reason, c.state])).toEqual([
      ['survey', 'done'],
      ['visit', 'due'],
    ]);
    expect(service.callbacks[0]).toMatchObject({ surveyId: service.surveys[0].id, result: { outcome: 'reached', score: 9 } });
    expect(service.surveys[0].followUpCallbackId).toBe(service.callbacks[0].id);
    expect(service.callbacks[1].dueAt.getTime()).toBeGreaterThan(NOW.getTime());
    expect([...service.callbacks, ...service.surveys].every((x) => siteIds.has(x.siteId))).toBe(true);
    expect(audited.filter((a) => a === 'system create callback' || a === 'system create survey')).toHaveLength(3);
    expect(outsideTx).toEqual([]);
  });
});
