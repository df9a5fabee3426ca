import type { Role } from '@vigil/domain';
import { makeDevice, makeSite, uniqueId } from './factories';
import type { TestPlatform } from './test-platform';

type Headers = { Authorization: string };

export interface CustomerEstate {
  customerId: string;
  contractId: string;
  /** A top-level site of the customer and one under it. */
  siteId: string;
  siteCode: string;
  childSiteId: string;
  deviceId: string;
}

export interface TwoCustomers {
  admin: Headers;
  a: CustomerEstate;
  b: CustomerEstate;
  /** Users scoped to customer B, one per role, signed in. */
  ofB: Record<Role, Headers & { id: string; username: string }>;
}

export const SLA_POLICY = {
  timeZone: 'Asia/Shanghai',
  regions: ['Qingdao'],
  repairMode: 'calendar-days',
  levels: Object.fromEntries([1, 2, 3, 4].map((l) => [l, { Qingdao: { respondMinutes: 30, arriveMinutes: 60, restoreMinutes: 240, repairWorkingDays: 2 } }])),
};

async function post(platform: TestPlatform, auth: Headers, path: string, body: object): Promise<Record<string, any>> {
  const res = await platform.http.post(path).set(auth).send(body);
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function estate(platform: TestPlatform, admin: Headers, name: string): Promise<CustomerEstate> {
  const customer = await post(platform, admin, '/api/customers', { name: uniqueId(name) });
  const contract = await post(platform, admin, '/api/contracts', {
    customerId: customer.id,
    name: `${name} contract`,
    startsOn: '2026-01-01',
    endsOn: '2030-12-31',
    slaPolicy: SLA_POLICY,
  });
  const site = await post(platform, admin, '/api/sites', makeSite({ customerId: customer.id, contractId: contract.id }));
  const child = await post(platform, admin, '/api/sites', makeSite({ parentId: site.id }));
  const device = await post(platform, admin, '/api/devices', makeDevice(site.id));
  return { customerId: customer.id, contractId: contract.id, siteId: site.id, siteCode: site.code, childSiteId: child.id, deviceId: device.id };
}

/** Customers A and B, each with a contract, a site with a sub-site and a device; a user of each role scoped to B. */
export async function twoCustomers(platform: TestPlatform): Promise<TwoCustomers> {
  const admin = { Authorization: `Bearer ${await platform.login()}` };
  const a = await estate(platform, admin, 'A');
  const b = await estate(platform, admin, 'B');
  const ofB: Partial<TwoCustomers['ofB']> = {};
  for (const role of ['admin', 'supervisor', 'operator', 'engineer', 'auditor'] as const) {
    const username = uniqueId(`b-${role}`);
    const user = await post(platform, admin, '/api/users', { username, password: 'password-123', role, scope: { customerIds: [b.customerId], siteIds: [] } });
    ofB[role] = { Authorization: `Bearer ${await platform.login(username, 'password-123')}`, id: user.id, username };
  }
  return { admin, a, b, ofB: ofB as TwoCustomers['ofB'] };
}
