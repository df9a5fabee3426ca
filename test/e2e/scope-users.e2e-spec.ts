import { databaseTargets, type TestDatabase } from '../support/databases';
import { uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { twoCustomers, type TwoCustomers } from '../support/two-customers';

describe.each(databaseTargets())('users and scopes of another customer on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let t: TwoCustomers;
  let ofA: { id: string; username: string };
  let contractor: { id: string; username: string };

  const newUser = (scope: object | null, role = 'engineer') => ({ username: uniqueId('u'), password: 'password-123', role, scope });

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db);
    t = await twoCustomers(platform);
    ofA = (
      await platform.http
        .post('/api/users')
        .set(t.admin)
        .send(newUser({ customerIds: [t.a.customerId], siteIds: [] }, 'supervisor'))
        .expect(201)
    ).body;
    contractor = (await platform.http.post('/api/users').set(t.admin).send(newUser(null)).expect(201)).body;
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  const userOf = async (id: string) => (await platform.http.get('/api/users').set(t.admin).expect(200)).body.items.find((u: { id: string }) => u.id === id);

  it('should list unscoped users and users inside the scope, never users of another customer', async () => {
    for (const role of ['admin', 'supervisor', 'operator', 'auditor'] as const) {
      const listed = (await platform.http.get('/api/users').set(t.ofB[role]).expect(200)).body;
      const ids = listed.items.map((u: { id: string }) => u.id);
      expect([role, ids.includes(contractor.id), ids.includes(t.ofB.engineer.id), ids.includes(ofA.id)]).toEqual([role, true, true, false]);
      expect(listed.total).toBe(ids.length);
    }
    const page = (await platform.http.get('/api/users?limit=2&offset=1').set(t.ofB.operator).expect(200)).body;
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(3);
    const supervisors = (await platform.http.get('/api/users?role=supervisor').set(t.ofB.operator).expect(200)).body.items.map((u: { id: string }) => u.id);
    expect(supervisors).toContain(t.ofB.supervisor.id);
    expect(supervisors).not.toContain(ofA.id);
  });

  it('should let a scoped admin create users only with a scope inside its own', async () => {
    await platform.http.post('/api/users').set(t.ofB.admin).send(newUser(null)).expect(403);
    await platform.http
      .post('/api/users')
      .set(t.ofB.admin)
      .send(newUser({ customerIds: [t.a.customerId], siteIds: [] }))
      .expect(404);
    await platform.http
      .post('/api/users')
      .set(t.ofB.admin)
      .send(newUser({ customerIds: [], siteIds: [t.a.childSiteId] }))
      .expect(404);
    await platform.http
      .post('/api/users')
      .set(t.ofB.admin)
      .send(newUser({ customerIds: [t.b.customerId], siteIds: [t.a.siteId] }))
      .expect(404);
    await platform.http
      .post('/api/users')
      .set(t.ofB.admin)
      .send(newUser({ customerIds: [t.b.customerId], siteIds: [] }))
      .expect(201);
    await platform.http
      .post('/api/users')
      .set(t.ofB.admin)
      .send(newUser({ customerIds: [], siteIds: [t.b.siteId] }))
      .expect(201);
    // either list may be left out (CONTRACT.md)
    const onlyCustomers = (
      await platform.http
        .post('/api/users')
        .set(t.ofB.admin)
        .send(newUser({ customerIds: [t.b.customerId] }))
        .expect(201)
    ).body;
    expect(onlyCustomers.scope).toEqual({ customerIds: [t.b.customerId], siteIds: [] });
    const onlySites = (
      await platform.http
        .post('/api/users')
        .set(t.ofB.admin)
        .send(newUser({ siteIds: [t.b.siteId] }))
        .expect(201)
    ).body;
    expect(onlySites.scope).toEqual({ customerIds: [], siteIds: [t.b.siteId] });
    const narrowed = (
      await platform.http
        .patch(`/api/users/${onlyCustomers.id}`)
        .set(t.ofB.admin)
        .send({ scope: { siteIds: [t.b.siteId] } })
        .expect(200)
    ).body;
    expect(narrowed.scope).toEqual({ customerIds: [], siteIds: [t.b.siteId] });
    const widened = (
      await platform.http
        .patch(`/api/users/${onlySites.id}`)
        .set(t.ofB.admin)
        .send({ scope: { customerIds: [t.b.customerId] } })
        .expect(200)
    ).body;
    expect(widened.scope).toEqual({ customerIds: [t.b.customerId], siteIds: [] });
  });

  it('should not let an admin scoped to a site widen a scope to the whole customer', async () => {
    const narrow = newUser({ customerIds: [], siteIds: [t.b.siteId] }, 'admin');
    await platform.http.post('/api/users').set(t.admin).send(narrow).expect(201);
    const asNarrow = { Authorization: `Bearer ${await platform.login(narrow.username, narrow.password)}` };
    await platform.http
      .post('/api/users')
      .set(asNarrow)
      .send(newUser({ customerIds: [t.b.customerId], siteIds: [] }))
      .expect(404);
    await platform.http.patch(`/api/users/${t.ofB.engineer.id}`).set(asNarrow).send({ displayName: 'x' }).expect(404);
    await platform.http
      .post('/api/users')
      .set(asNarrow)
      .send(newUser({ customerIds: [], siteIds: [t.b.childSiteId] }))
      .expect(201);
  });

  it('should refuse a scoped admin changing users outside its scope or unscoped ones, and widening a scope', async () => {
    const beforeA = await userOf(ofA.id);
    await platform.http.patch(`/api/users/${ofA.id}`).set(t.ofB.admin).send({ active: false }).expect(404);
    await platform.http
      .patch(`/api/users/${ofA.id}`)
      .set(t.ofB.admin)
      .send({ scope: { customerIds: [t.b.customerId], siteIds: [] } })
      .expect(404);
    expect(await userOf(ofA.id)).toEqual(beforeA);
    await platform.http.patch(`/api/users/${contractor.id}`).set(t.ofB.admin).send({ active: false }).expect(403);
    expect((await userOf(contractor.id)).active).toBe(true);
    const beforeB = await userOf(t.ofB.supervisor.id);
    await platform.http.patch(`/api/users/${t.ofB.supervisor.id}`).set(t.ofB.admin).send({ scope: null }).expect(403);
    await platform.http
      .patch(`/api/users/${t.ofB.supervisor.id}`)
      .set(t.ofB.admin)
      .send({ scope: { customerIds: [t.b.customerId, t.a.customerId], siteIds: [] } })
      .expect(404);
    expect(await userOf(t.ofB.supervisor.id)).toEqual(beforeB);
    const changed = (await platform.http.patch(`/api/users/${t.ofB.engineer.id}`).set(t.ofB.admin).send({ displayName: 'B engineer' }).expect(200)).body;
    expect(changed.displayName).toBe('B engineer');
  });

  it("should refuse a scoped admin widening its own scope or another admin's", async () => {
    const other = newUser({ customerIds: [t.b.customerId], siteIds: [] }, 'admin');
    const created = (await platform.http.post('/api/users').set(t.ofB.admin).send(other).expect(201)).body;
    await platform.http
      .patch(`/api/users/${created.id}`)
      .set(t.ofB.admin)
      .send({ scope: { customerIds: [t.a.customerId], siteIds: [] } })
      .expect(404);
    await platform.http.patch(`/api/users/${t.ofB.admin.id}`).set(t.ofB.admin).send({ scope: null }).expect(403);
    expect((await userOf(t.ofB.admin.id)).scope).toEqual({ customerIds: [t.b.customerId], siteIds: [] });
  });
});
