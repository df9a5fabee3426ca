import type { Actor, Contract, Customer, Site, SiteClass } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AssetChanges } from './asset-changes';
import type { AuditService } from '../audit/audit.service';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import type { ClockPort, ContractRepository, CustomerRepository, DeviceRepository, SiteRepository, TransactionRunner } from '../ports';
import { SiteService } from './site.service';

const NOW = new Date('2026-11-22T10:00:00Z');
const EARLIER = new Date('2026-01-01T00:00:00Z');
const site = (id: string, customerId: string | null, parentId: string | null = null, overrides: Partial<Site> = {}): Site => ({
  id,
  code: id.toUpperCase(),
  name: id,
  region: 'Qingdao',
  parentId,
  customerId,
  contractId: null,
  address: null,
  timeZone: 'Asia/Shanghai',
  workingHours: '08:30-17:30',
  siteClass: 'general',
  createdAt: EARLIER,
  updatedAt: EARLIER,
  ...overrides,
});
const contract = (id: string, customerId: string): Contract => ({
  id,
  customerId,
  name: id,
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  timeZone: 'Asia/Shanghai',
  slaPolicy: {},
  createdAt: EARLIER,
  updatedAt: EARLIER,
});
const CUSTOMERS: Customer[] = [
  { id: 'cust-a', name: 'A' },
  { id: 'cust-b', name: 'B' },
];
const CONTRACTS = [contract('k-a', 'cust-a'), contract('k-b', 'cust-b')];

const admin: Actor = { userId: 'admin', username: 'admin', role: 'admin', scope: null };
const supervisorB: Actor = { userId: 'sup', username: 'sup', role: 'supervisor', scope: { customerIds: ['cust-b'], siteIds: [] } };
const operator: Actor = { userId: 'op', username: 'op', role: 'operator', scope: null };

/** The service over a small in-memory register (a1 of customer A; b1 with b1-1 under it, of customer B; a device at b1-1). */
function setup() {
  const sites = new Map(
    [site('a1', 'cust-a'), site('b1', 'cust-b', null, { contractId: 'k-b', timeZone: 'Asia/Urumqi', workingHours: '09:00-18:00' }), site('b1-1', 'cust-b', 'b1')].map((s) => [
      s.id,
      s,
    ]),
  );
  const audited: { action: string; entity: string; entityId: string | null; after: unknown }[] = [];
  const tx = strictFake<TransactionRunner>('tx', { run: (work: () => Promise<unknown>) => work() });
  const audit = strictFake<AuditService>('audit', {
    record: async (_a: Actor, action: string, entity: string, entityId: string | null, _before: unknown, after: unknown) => {
      audited.push({ action, entity, entityId, after });
      return {} as never;
    },
  });
  const siteRepo = strictFake<SiteRepository>('sites', {
    listAll: async () => [...sites.values()],
    findById: async (id: string) => sites.get(id) ?? null,
    findByCode: async (code: string) => [...sites.values()].find((s) => s.code === code) ?? null,
    insert: async (s: Site) => void sites.set(s.id, s),
    update: async (s: Site) => void sites.set(s.id, s),
    delete: async (id: string) => void sites.delete(id),
    countChildren: async (id: string) => [...sites.values()].filter((s) => s.parentId === id).length,
  });
  let announced = 0;
  const service = new SiteService(
    siteRepo,
    strictFake<DeviceRepository>('devices', { countBySite: async (id: string) => (id === 'b1-1' ? 1 : 0) }),
    tx,
    audit,
    strictFake<ClockPort>('clock', { now: () => NOW }),
    strictFake<CustomerRepository>('customers', { findById: async (id: string) => CUSTOMERS.find((c) => c.id === id) ?? null }),
    strictFake<ContractRepository>('contracts', { findById: async (id: string) => CONTRACTS.find((c) => c.id === id) ?? null }),
    new AccessPolicy(siteRepo, audit, tx),
    strictFake<AssetChanges>('asset changes', { sitesChanged: () => void announced++ }),
  );
  return { service, sites, audited, announced: () => announced };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'done',
    (e: unknown) => (e instanceof InputError ? e.field : (e as Error).constructor.name),
  );

describe(SiteService.name, () => {
  it('should refuse a role without site.write with 403 and a site outside the scope with 404, recorded, changing nothing', async () => {
    const { service, sites, audited } = setup();
    const before = structuredClone([...sites.values()]);
    await expect(service.update(operator, 'b1', { name: 'x' })).rejects.toThrow(ForbiddenError);
    await expect(service.create(operator, { code: 'N', name: 'n', region: 'Qingdao' })).rejects.toThrow(ForbiddenError);
    await expect(service.get(supervisorB, 'a1')).rejects.toThrow(NotFoundError);
    await expect(service.update(supervisorB, 'a1', { name: 'x' })).rejects.toThrow(NotFoundError);
    await expect(service.delete(supervisorB, 'a1')).rejects.toThrow(NotFoundError);
    expect(audited.map((e) => [e.action, e.entity, e.entityId])).toEqual([
      ['access-denied', 'permission', null],
      ['access-denied', 'permission', null],
      ['access-denied', 'site', 'a1'],
      ['access-denied', 'site', 'a1'],
      ['access-denied', 'site', 'a1'],
    ]);
    expect([...sites.values()]).toEqual(before);
  });

  it('should refuse a scoped user placing a site outside their scope: another customer 404, a site of no customer 403', async () => {
    const { service, sites, audited } = setup();
    await expect(service.create(supervisorB, { code: 'N', name: 'n', region: 'Qingdao', customerId: 'cust-a' })).rejects.toThrow(NotFoundError);
    await expect(service.create(supervisorB, { code: 'N', name: 'n', region: 'Qingdao', parentId: 'a1' })).rejects.toThrow(NotFoundError);
    await expect(service.update(supervisorB, 'b1-1', { parentId: 'a1' })).rejects.toThrow(NotFoundError);
    await expect(service.create(supervisorB, { code: 'N', name: 'n', region: 'Qingdao' })).rejects.toThrow(ForbiddenError);
    expect(audited.map((e) => e.action)).toEqual(Array(4).fill('access-denied'));
    expect(sites.size).toBe(3);
  });

  it('should create a site under a parent, taking its customer, contract, zone and hours, and audit the creation', async () => {
    const { service, sites, audited } = setup();
    const created = await service.create(supervisorB, { code: 'B1-2', name: 'Gate', region: 'Qingdao', parentId: 'b1' });
    expect(created).toMatchObject({
      parentId: 'b1',
      customerId: 'cust-b',
      contractId: 'k-b',
      timeZone: 'Asia/Urumqi',
      workingHours: '09:00-18:00',
      siteClass: 'general',
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(sites.get(created.id)).toEqual(created);
    expect(audited).toEqual([{ action: 'create', entity: 'site', entityId: created.id, after: created }]);
  });

  it('should keep the site class told on create and update, and announce each change once committed', async () => {
    const { service, sites, announced } = setup();
    const created = await service.create(admin, { code: 'BANK', name: 'Bank', region: 'Qingdao', siteClass: 'bank' });
    expect(sites.get(created.id)?.siteClass).toBe('bank');
    const updated = await service.update(admin, created.id, { siteClass: 'hotel' });
    expect(updated.siteClass).toBe('hotel');
    await service.delete(admin, created.id);
    expect(announced()).toBe(3);
    await expect(service.update(admin, 'b1', { siteClass: 'casino' as SiteClass })).rejects.toThrow(InputError);
    expect(announced()).toBe(3);
  });

  it('should refuse bad references and hours with 400 naming the field, writing nothing', async () => {
    const { service, sites, audited } = setup();
    const base = { code: 'N', name: 'n', region: 'Qingdao' };
    expect(await refusal(service.create(admin, { ...base, workingHours: '18:00-09:00' }))).toBe('workingHours');
    expect(await refusal(service.create(admin, { ...base, siteClass: 'casino' as SiteClass }))).toBe('siteClass');
    expect(await refusal(service.update(admin, 'b1', { siteClass: 'casino' as SiteClass }))).toBe('siteClass');
    expect(await refusal(service.create(admin, { ...base, customerId: 'cust-x' }))).toBe('customerId');
    expect(await refusal(service.create(admin, { ...base, contractId: 'k-x' }))).toBe('contractId');
    expect(await refusal(service.create(admin, { ...base, customerId: 'cust-a', contractId: 'k-b' }))).toBe('contractId');
    expect(await refusal(service.create(admin, { ...base, parentId: 'nowhere' }))).toBe('parentId');
    expect(await refusal(service.update(admin, 'b1', { parentId: 'b1-1' }))).toBe('parentId');
    // the contract must be the site's customer's, whether the customer is named, inherited from the parent or kept
    expect(await refusal(service.create(admin, { ...base, parentId: 'b1', contractId: 'k-a' }))).toBe('contractId');
    expect(await refusal(service.update(admin, 'b1', { contractId: 'k-a' }))).toBe('contractId');
    expect(sites.get('b1')!.contractId).toBe('k-b');
    expect(sites.size).toBe(3);
    expect(sites.get('b1')!.parentId).toBeNull();
    expect(audited).toEqual([]);
  });

  it('should answer 409 for a code in use and for deleting a site with sub-sites or devices, and delete an empty one with an audit entry', async () => {
    const { service, sites, audited } = setup();
    await expect(service.create(admin, { code: 'A1', name: 'n', region: 'Qingdao' })).rejects.toThrow(ConflictError);
    await expect(service.update(admin, 'b1', { code: 'A1' })).rejects.toThrow(ConflictError);
    await expect(service.delete(admin, 'b1')).rejects.toThrow('child sites');
    await expect(service.delete(admin, 'b1-1')).rejects.toThrow('devices');
    expect(audited).toEqual([]);
    await service.delete(admin, 'a1');
    expect(sites.has('a1')).toBe(false);
    expect(audited).toEqual([{ action: 'delete', entity: 'site', entityId: 'a1', after: null }]);
  });
});
