import type { Actor, AuditEntry, AuditVisibility, Contract, Customer, User } from '@vigil/domain';
import { fakeAccess, makeUnitDevice, makeUnitSite } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import type { ContractRepository, CustomerRepository, DeviceRepository, FaultRepository, PatrolRepository, SiteRepository, UserRepository } from '../ports';
import { makeFault } from '../testing/alerting-fakes';
import { AuditNamesService } from './audit-names.service';

const AT = new Date('2026-05-01T00:00:00Z');
const sites = [makeUnitSite('sa', 'ca', { name: 'Site A' }), makeUnitSite('sb', 'cb', { name: 'Site B' })];
const devices = [makeUnitDevice('CAM-A', 'sa', { name: 'Gate camera' }), makeUnitDevice('CAM-B', 'sb', { name: 'Yard camera' }), makeUnitDevice('NVR-B', 'sb')];
const user = (id: string, username: string, displayName: string | null, scope: User['scope'] = null): User => ({
  id,
  username,
  displayName,
  email: null,
  role: 'engineer',
  passwordHash: 'x',
  tokenVersion: 0,
  active: true,
  scope,
  createdAt: AT,
  updatedAt: AT,
});
const users = [user('u1', 'zhang', '张工'), user('u2', 'li', null), user('ua', 'a-staff', 'A staff', { customerIds: ['ca'], siteIds: [] })];
const contract = (id: string, customerId: string): Contract => ({
  id,
  customerId,
  name: `Contract ${id}`,
  startsOn: '2026-01-01',
  endsOn: '2027-01-01',
  timeZone: 'Asia/Shanghai',
  slaPolicy: {},
  createdAt: AT,
  updatedAt: AT,
});
const customers: Customer[] = [
  { id: 'ca', name: 'Customer A' },
  { id: 'cb', name: 'Customer B' },
];
let id = 0;
const entry = (actor: string, entity: string, entityId: string | null, before: unknown, after: unknown): AuditEntry => ({
  id: ++id,
  at: AT,
  actor,
  role: 'admin',
  action: before ? 'update' : 'create',
  entity,
  entityId,
  before,
  after,
  prevHash: '0',
  hash: '1',
});

/** Every repository the service reads, over the fixed estate above; `looked` counts the faults and patrols read one by one. */
function setup() {
  const { access } = fakeAccess(sites);
  const looked: string[] = [];
  const names = new AuditNamesService(
    strictFake<SiteRepository>('sites', { listAll: async () => sites }),
    strictFake<DeviceRepository>('devices', { findByIds: async (ids: string[]) => devices.filter((d) => ids.includes(d.id)) }),
    strictFake<CustomerRepository>('customers', { list: async () => customers }),
    strictFake<ContractRepository>('contracts', { list: async () => [contract('ka', 'ca'), contract('kb', 'cb')] }),
    strictFake<UserRepository>('users', { list: async () => ({ items: users, total: users.length }) }),
    strictFake<FaultRepository>('faults', {
      findById: async (fid: string) => (looked.push(fid), fid === 'F-B' ? makeFault({ id: 'F-B', siteId: 'sb', deviceId: 'NVR-B', kind: 'disk-failed' }) : null),
    }),
    strictFake<PatrolRepository>('patrols', { findById: async (pid: string) => (looked.push(pid), { id: pid, siteId: 'sa', kind: 'monthly', period: '2026-04' }) }),
    access,
  );
  return { names, looked };
}

const admin: Actor = { userId: 'adm', username: 'root', role: 'admin', scope: null };
const auditorB: Actor = { userId: 'aud', username: 'bea', role: 'auditor', scope: { customerIds: ['cb'], siteIds: [] } };
const onlyB: AuditVisibility = { siteIds: ['sb'], wholeCustomerIds: ['cb'], readCustomerIds: ['cb'] };

describe(AuditNamesService.name, () => {
  const page = [
    entry('zhang', 'device', 'CAM-B', { name: 'old', siteId: 'sb' }, { name: 'Yard camera', siteId: 'sb' }),
    entry('li', 'fault', 'F-A', null, makeFault({ id: 'F-A', siteId: 'sa', deviceId: 'CAM-A', kind: 'video-loss', assigneeId: 'u1' })),
    entry('root', 'site', 'sa', null, { customerId: 'ca', contractId: 'ka' }),
    entry('root', 'fault', 'F-B', null, { permission: 'fault.close' }),
    entry('root', 'patrol', 'P-1', { lineKey: 'x', siteId: 'sa' }, { lineKey: 'x', siteId: 'sa' }),
  ];

  it('should name every site, device, customer, contract, user and actor a page names, and a fault or patrol by its device, site and kind', async () => {
    const { names, looked } = setup();
    const got = await names.of(admin, null, page);
    expect(got).toMatchObject({
      'site:sa': { name: 'Site A' },
      'site:sb': { name: 'Site B' },
      'device:CAM-B': { name: 'Yard camera' },
      'device:CAM-A': { name: 'Gate camera' },
      'customer:ca': { name: 'Customer A' },
      'contract:ka': { name: 'Contract ka' },
      'user:u1': { name: '张工' },
      'username:zhang': { name: '张工' },
      // read from the entry itself
      'fault:F-A': { name: 'Gate camera · Site A', kind: 'video-loss' },
      // a refusal carries no fault: looked up, its device without a name shown by its id
      'fault:F-B': { name: 'NVR-B · Site B', kind: 'disk-failed' },
      'patrol:P-1': { name: 'Site A', kind: 'monthly', period: '2026-04' },
    });
    // a username without a display name is already its name
    expect(got['username:li']).toBeUndefined();
    expect(looked.sort()).toEqual(['F-B', 'P-1']);
  });

  it("should name for a scoped reader only its sites' things, the customers it reads and the users it may see", async () => {
    const { names } = setup();
    // even handed entries of another site (the trail never does), it names nothing there
    const got = await names.of(auditorB, onlyB, page);
    expect(Object.keys(got).sort()).toEqual(['device:CAM-B', 'device:NVR-B', 'fault:F-B', 'site:sb', 'user:u1', 'username:zhang']);
    expect(JSON.stringify(got)).not.toMatch(/Site A|Gate camera|Customer A|Contract ka|A staff/);
  });

  it('should read nothing for a page that names nothing but its actors when no user has a display name', async () => {
    const { names } = setup();
    expect(await names.of(admin, null, [])).toEqual({});
  });
});
