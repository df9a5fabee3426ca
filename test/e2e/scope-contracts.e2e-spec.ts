import type { Role } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { SLA_POLICY, twoCustomers, type TwoCustomers } from '../support/two-customers';

const ROLES: Role[] = ['admin', 'supervisor', 'operator', 'engineer', 'auditor'];

describe.each(databaseTargets())('customers, contracts and calendars of another customer on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let t: TwoCustomers;

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db);
    t = await twoCustomers(platform);
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  const contractOf = async (id: string) => (await platform.http.get(`/api/contracts/${id}`).set(t.admin).expect(200)).body;

  it("should list only the customers and contracts of the scope, and answer 404 for another customer's contract", async () => {
    for (const role of ROLES) {
      const customers = (await platform.http.get('/api/customers').set(t.ofB[role]).expect(200)).body.items.map((c: { id: string }) => c.id);
      const contracts = (await platform.http.get('/api/contracts').set(t.ofB[role]).expect(200)).body.items.map((c: { id: string }) => c.id);
      expect([role, customers, contracts]).toEqual([role, [t.b.customerId], [t.b.contractId]]);
      expect([role, (await platform.http.get(`/api/contracts/${t.a.contractId}`).set(t.ofB[role])).status]).toEqual([role, 404]);
      expect([role, (await platform.http.get(`/api/contracts/${t.b.contractId}`).set(t.ofB[role])).status]).toEqual([role, 200]);
    }
    const all = (await platform.http.get('/api/customers').set(t.admin).expect(200)).body.items.map((c: { id: string }) => c.id);
    expect(all).toEqual(expect.arrayContaining([t.a.customerId, t.b.customerId]));
  });

  it('should let a user scoped to a site read its customer and contract but not change them', async () => {
    const username = uniqueId('site-sup');
    await platform.http
      .post('/api/users')
      .set(t.admin)
      .send({ username, password: 'password-123', role: 'supervisor', scope: { customerIds: [], siteIds: [t.b.siteId] } })
      .expect(201);
    const ofSite = { Authorization: `Bearer ${await platform.login(username, 'password-123')}` };
    expect((await platform.http.get('/api/customers').set(ofSite).expect(200)).body.items.map((c: { id: string }) => c.id)).toEqual([t.b.customerId]);
    await platform.http.get(`/api/contracts/${t.b.contractId}`).set(ofSite).expect(200);
    await platform.http
      .put(`/api/contracts/${t.b.contractId}/fault-rules`)
      .set(ofSite)
      .send({ faultRules: { siteOfflineLevel: 2 } })
      .expect(404);
    await platform.http
      .post('/api/contracts')
      .set(ofSite)
      .send({ customerId: t.b.customerId, name: 'x', startsOn: '2026-01-01', endsOn: '2026-12-31', slaPolicy: SLA_POLICY })
      .expect(404);
  });

  it("should refuse changing another customer's fault rules and SLA policy with 404 and change nothing", async () => {
    const before = await contractOf(t.a.contractId);
    await platform.http
      .put(`/api/contracts/${t.a.contractId}/fault-rules`)
      .set(t.ofB.supervisor)
      .send({ faultRules: { siteOfflineLevel: 4 } })
      .expect(404);
    await platform.http.put(`/api/contracts/${t.a.contractId}/sla-policy`).set(t.ofB.supervisor).send({ slaPolicy: SLA_POLICY }).expect(404);
    expect(await contractOf(t.a.contractId)).toEqual(before);
    const own = (
      await platform.http
        .put(`/api/contracts/${t.b.contractId}/fault-rules`)
        .set(t.ofB.supervisor)
        .send({ faultRules: { siteOfflineLevel: 2 } })
        .expect(200)
    ).body;
    expect(own.faultRules).toEqual({ siteOfflineLevel: 2 });
  });

  it('should create contracts only for a customer of the scope, and customers only for unscoped users', async () => {
    const body = (customerId: string) => ({ customerId, name: uniqueId('contract'), startsOn: '2026-01-01', endsOn: '2026-12-31', slaPolicy: SLA_POLICY });
    await platform.http.post('/api/contracts').set(t.ofB.supervisor).send(body(t.a.customerId)).expect(404);
    const contractsOfA = (await platform.http.get('/api/contracts').set(t.admin).expect(200)).body.items.filter((c: { customerId: string }) => c.customerId === t.a.customerId);
    expect(contractsOfA).toHaveLength(1);
    await platform.http.post('/api/contracts').set(t.ofB.supervisor).send(body(t.b.customerId)).expect(201);
    await platform.http
      .post('/api/customers')
      .set(t.ofB.supervisor)
      .send({ name: uniqueId('customer') })
      .expect(403);
    await platform.http
      .post('/api/customers')
      .set(t.admin)
      .send({ name: uniqueId('customer') })
      .expect(201);
  });

  it('should let everyone read the holiday calendars and only unscoped admins load one', async () => {
    for (const role of ROLES) await platform.http.get('/api/calendars/holidays').set(t.ofB[role]).expect(200);
    const year = { daysOff: ['2031-01-01'], makeUpWorkdays: [] };
    await platform.http.put('/api/calendars/holidays/2031').set(t.ofB.admin).send(year).expect(403);
    expect((await platform.http.get('/api/calendars/holidays').set(t.admin).expect(200)).body.items.map((y: { year: number }) => y.year)).not.toContain(2031);
    await platform.http.put('/api/calendars/holidays/2031').set(t.admin).send(year).expect(200);
  });
});
