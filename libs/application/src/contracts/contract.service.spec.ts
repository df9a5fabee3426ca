import { DEMO_SLA_POLICY, type Actor, type Contract, type Customer, type Site } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AssetChanges } from '../assets/asset-changes';
import type { AuditService } from '../audit/audit.service';
import { ForbiddenError, InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import type { ClockPort, ContractRepository, CustomerRepository, SiteRepository, TransactionRunner } from '../ports';
import { ContractService, type ContractInput } from './contract.service';

const NOW = new Date('2026-11-22T10:00:00Z');
const EARLIER = new Date('2026-01-01T00:00:00Z');
const site = (id: string, customerId: string): Site => ({
  id,
  code: id,
  name: id,
  region: 'Qingdao',
  parentId: null,
  customerId,
  contractId: null,
  address: null,
  timeZone: 'Asia/Shanghai',
  workingHours: '08:30-17:30',
  siteClass: 'general',
  createdAt: EARLIER,
  updatedAt: EARLIER,
});
const contract = (id: string, customerId: string): Contract => ({
  id,
  customerId,
  name: id,
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  timeZone: 'Asia/Shanghai',
  slaPolicy: DEMO_SLA_POLICY,
  createdAt: EARLIER,
  updatedAt: EARLIER,
});
const SITES = [site('a1', 'cust-a'), site('b1', 'cust-b')];

const admin: Actor = { userId: 'admin', username: 'admin', role: 'admin', scope: null };
const supervisorB: Actor = { userId: 'sup', username: 'sup', role: 'supervisor', scope: { customerIds: ['cust-b'], siteIds: [] } };
/** Holds one site of customer B, not the customer: reads B's contracts, changes none. */
const supervisorOfB1: Actor = { userId: 'sup-b1', username: 'sup-b1', role: 'supervisor', scope: { customerIds: [], siteIds: ['b1'] } };
const engineer: Actor = { userId: 'eng', username: 'eng', role: 'engineer', scope: null };

/** The service over in-memory customers A and B with one contract each. */
function setup() {
  const customers = new Map<string, Customer>([
    ['cust-a', { id: 'cust-a', name: 'A' }],
    ['cust-b', { id: 'cust-b', name: 'B' }],
  ]);
  const contracts = new Map([contract('k-a', 'cust-a'), contract('k-b', 'cust-b')].map((c) => [c.id, c]));
  const audited: { action: string; entity: string; entityId: string | null; before: unknown; after: unknown }[] = [];
  const tx = strictFake<TransactionRunner>('tx', { run: (work: () => Promise<unknown>) => work() });
  const audit = strictFake<AuditService>('audit', {
    record: async (_a: Actor, action: string, entity: string, entityId: string | null, before: unknown, after: unknown) => {
      audited.push({ action, entity, entityId, before, after });
      return {} as never;
    },
  });
  let announced = 0;
  const service = new ContractService(
    strictFake<ContractRepository>('contracts', {
      findById: async (id: string) => contracts.get(id) ?? null,
      list: async () => [...contracts.values()],
      insert: async (c: Contract) => void contracts.set(c.id, c),
      update: async (c: Contract) => void contracts.set(c.id, c),
    }),
    strictFake<CustomerRepository>('customers', {
      findById: async (id: string) => customers.get(id) ?? null,
      list: async () => [...customers.values()],
      insert: async (c: Customer) => void customers.set(c.id, c),
    }),
    tx,
    audit,
    strictFake<ClockPort>('clock', { now: () => NOW }),
    new AccessPolicy(strictFake<SiteRepository>('sites', { listAll: async () => SITES }), audit, tx),
    strictFake<AssetChanges>('asset changes', { sitesChanged: () => void announced++ }),
  );
  return { service, customers, contracts, audited, announced: () => announced };
}

const input = (overrides: Partial<ContractInput> = {}): ContractInput => ({
  customerId: 'cust-b',
  name: 'Maintenance 2027',
  startsOn: '2027-01-01',
  endsOn: '2027-12-31',
  slaPolicy: DEMO_SLA_POLICY,
  ...overrides,
});
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'done',
    (e: unknown) => (e instanceof InputError ? e.field : (e as Error).constructor.name),
  );

describe(ContractService.name, () => {
  it('should refuse a role without contract.write with 403 and a customer beyond the scope with 404, recorded, changing nothing', async () => {
    const { service, contracts, customers, audited } = setup();
    await expect(service.create(engineer, input())).rejects.toThrow(ForbiddenError);
    await expect(service.replacePolicy(engineer, 'k-b', DEMO_SLA_POLICY)).rejects.toThrow(ForbiddenError);
    await expect(service.createCustomer(supervisorB, { name: 'C' })).rejects.toThrow(ForbiddenError);
    await expect(service.get(supervisorB, 'k-a')).rejects.toThrow(NotFoundError);
    await expect(service.create(supervisorB, input({ customerId: 'cust-a' }))).rejects.toThrow(NotFoundError);
    await expect(service.replaceFaultRules(supervisorOfB1, 'k-b', {})).rejects.toThrow(NotFoundError);
    expect(audited.map((e) => [e.action, e.entity, e.entityId])).toEqual([
      ['access-denied', 'permission', null],
      ['access-denied', 'permission', null],
      ['access-denied', 'estate', null],
      ['access-denied', 'contract', 'k-a'],
      ['access-denied', 'customer', 'cust-a'],
      ['access-denied', 'contract', 'k-b'],
    ]);
    expect([contracts.size, customers.size, contracts.get('k-b')!.faultRules]).toEqual([2, 2, undefined]);
  });

  it('should let a scoped user read and list only the customers and contracts of their sites', async () => {
    const { service } = setup();
    expect((await service.get(supervisorOfB1, 'k-b')).id).toBe('k-b');
    expect((await service.list(supervisorOfB1)).map((c) => c.id)).toEqual(['k-b']);
    expect((await service.listCustomers(supervisorOfB1)).map((c) => c.id)).toEqual(['cust-b']);
    expect((await service.list(admin)).map((c) => c.id)).toEqual(['k-a', 'k-b']);
  });

  it('should refuse a bad SLA policy, fault rules, dates or customer with 400 naming the field, writing nothing', async () => {
    const { service, contracts, audited } = setup();
    expect(await refusal(service.create(admin, input({ slaPolicy: { ...DEMO_SLA_POLICY, repairMode: 'whenever' } })))).toBe('slaPolicy.repairMode');
    expect(await refusal(service.create(admin, input({ endsOn: '2026-12-31' })))).toBe('endsOn');
    expect(await refusal(service.create(admin, input({ customerId: 'cust-x' })))).toBe('customerId');
    expect(await refusal(service.replacePolicy(admin, 'k-b', { ...DEMO_SLA_POLICY, timeZone: 'Mars/Olympus' }))).toBe('slaPolicy.timeZone');
    expect(await refusal(service.replaceFaultRules(admin, 'k-b', { flapping: { changes: 1, windowMinutes: 10, level: 3 } }))).toBe('faultRules.flapping');
    expect([contracts.size, contracts.get('k-b')!.slaPolicy, contracts.get('k-b')!.faultRules, audited]).toEqual([2, DEMO_SLA_POLICY, undefined, []]);
  });

  it("should replace the fault rules, video thresholds included, and announce the change to the sites' profiles", async () => {
    const { service, contracts, announced } = setup();
    const rules = { video: { maxGapMinutes: 15, retentionDays: { hotel: 60 } } };
    await service.replaceFaultRules(admin, 'k-b', rules);
    expect(contracts.get('k-b')!.faultRules).toEqual(rules);
    expect(announced()).toBe(1);
    expect(await refusal(service.replaceFaultRules(admin, 'k-b', { video: { retentionDays: { casino: 10 } } }))).toBe('faultRules.video.retentionDays.casino');
    expect(announced()).toBe(1);
  });

  it('should create a contract for a customer held whole, and replace its policy, each with an audit entry', async () => {
    const { service, contracts, audited } = setup();
    const created = await service.create(supervisorB, input(), 'k-b2');
    expect(created).toMatchObject({ id: 'k-b2', customerId: 'cust-b', timeZone: 'Asia/Shanghai', createdAt: NOW, updatedAt: NOW });
    expect(contracts.get('k-b2')).toEqual(created);
    const policy = { ...DEMO_SLA_POLICY, repairMode: 'rolling-working-time' };
    const replaced = await service.replacePolicy(supervisorB, 'k-b', policy);
    expect(contracts.get('k-b')).toEqual({ ...contract('k-b', 'cust-b'), slaPolicy: policy, updatedAt: NOW });
    expect(audited).toEqual([
      { action: 'create', entity: 'contract', entityId: 'k-b2', before: null, after: created },
      { action: 'update', entity: 'contract', entityId: 'k-b', before: contract('k-b', 'cust-b'), after: replaced },
    ]);
  });
});
