import { databaseTargets, type TestDatabase } from '../support/databases';
import { uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { twoCustomers, type TwoCustomers } from '../support/two-customers';

const HOUR = 3600_000;

describe.each(databaseTargets())('on-call rotas and maintenance windows of another customer on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let t: TwoCustomers;
  let engineerOfA: string;
  let rotas: Record<'a' | 'b' | 'whole' | 'both', string>;
  let windows: Record<'a' | 'b' | 'whole' | 'both', string>;

  const rota = (overrides: Record<string, unknown>) => ({ name: uniqueId('rota'), members: [t.ofB.engineer.id], startsAt: new Date().toISOString(), ...overrides });
  const window = (overrides: Record<string, unknown>) => ({
    name: uniqueId('window'),
    startsAt: new Date(Date.now() + HOUR).toISOString(),
    endsAt: new Date(Date.now() + 2 * HOUR).toISOString(),
    ...overrides,
  });

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db);
    t = await twoCustomers(platform);
    engineerOfA = (
      await platform.http
        .post('/api/users')
        .set(t.admin)
        .send({ username: uniqueId('a-eng'), password: 'password-123', role: 'engineer', scope: { customerIds: [t.a.customerId], siteIds: [] } })
        .expect(201)
    ).body.id;
    const saveRota = async (body: Record<string, unknown>) => (await platform.http.post('/api/oncall/rotas').set(t.admin).send(rota(body)).expect(201)).body.id as string;
    rotas = {
      a: await saveRota({ siteIds: [t.a.siteId], contractId: t.a.contractId, members: [engineerOfA] }),
      b: await saveRota({ siteIds: [t.b.siteId] }),
      whole: await saveRota({}),
      both: await saveRota({ siteIds: [t.a.siteId, t.b.siteId] }),
    };
    const saveWindow = async (body: Record<string, unknown>) =>
      (await platform.http.post('/api/maintenance-windows').set(t.admin).send(window(body)).expect(201)).body.id as string;
    windows = {
      a: await saveWindow({ siteIds: [t.a.siteId], deviceIds: [t.a.deviceId] }),
      b: await saveWindow({ deviceIds: [t.b.deviceId] }),
      whole: await saveWindow({}),
      both: await saveWindow({ siteIds: [t.a.siteId, t.b.siteId] }),
    };
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  const rotasAs = async (auth: { Authorization: string }) =>
    (await platform.http.get('/api/oncall/rotas').set(auth).expect(200)).body.items as { id: string; siteIds: string[] | null }[];
  const windowsAs = async (auth: { Authorization: string }) =>
    (await platform.http.get('/api/maintenance-windows').set(auth).expect(200)).body.items as { id: string; siteIds: string[] | null }[];

  describe('rotas', () => {
    it("should list the rotas reaching into the scope, without the other customer's sites", async () => {
      const listed = await rotasAs(t.ofB.engineer);
      expect(listed.map((r) => r.id).sort()).toEqual([rotas.b, rotas.whole, rotas.both].sort());
      expect(listed.find((r) => r.id === rotas.both)?.siteIds).toEqual([t.b.siteId]);
      expect((await rotasAs(t.admin)).map((r) => r.id)).toEqual(expect.arrayContaining(Object.values(rotas)));
    });

    it("should refuse creating a rota over another customer's sites or contract (404) or over the whole estate (403)", async () => {
      await platform.http
        .post('/api/oncall/rotas')
        .set(t.ofB.supervisor)
        .send(rota({ siteIds: [t.b.siteId, t.a.siteId] }))
        .expect(404);
      await platform.http
        .post('/api/oncall/rotas')
        .set(t.ofB.supervisor)
        .send(rota({ siteIds: [t.b.siteId], contractId: t.a.contractId }))
        .expect(404);
      await platform.http
        .post('/api/oncall/rotas')
        .set(t.ofB.supervisor)
        .send(rota({ contractId: t.a.contractId }))
        .expect(404);
      await platform.http.post('/api/oncall/rotas').set(t.ofB.supervisor).send(rota({})).expect(403);
      expect((await rotasAs(t.admin)).length).toBe(4);
    });

    it('should take as members only users the author may see, naming the field', async () => {
      const res = await platform.http
        .post('/api/oncall/rotas')
        .set(t.ofB.supervisor)
        .send(rota({ siteIds: [t.b.siteId], members: [t.ofB.engineer.id, engineerOfA] }))
        .expect(400);
      expect(res.body).toMatchObject({ field: 'members', message: `members: user ${engineerOfA} does not exist` });
      const override = await platform.http
        .post('/api/oncall/rotas')
        .set(t.ofB.supervisor)
        .send(rota({ siteIds: [t.b.siteId], overrides: [{ from: new Date().toISOString(), to: new Date(Date.now() + HOUR).toISOString(), userId: engineerOfA }] }))
        .expect(400);
      expect(override.body.field).toBe('overrides');
    });

    it('should create rotas inside the scope: its sites, or a contract of a customer it holds whole', async () => {
      await platform.http
        .post('/api/oncall/rotas')
        .set(t.ofB.supervisor)
        .send(rota({ siteIds: [t.b.childSiteId], contractId: t.b.contractId }))
        .expect(201);
      const byContract = (
        await platform.http
          .post('/api/oncall/rotas')
          .set(t.ofB.supervisor)
          .send(rota({ contractId: t.b.contractId }))
          .expect(201)
      ).body;
      await platform.http.delete(`/api/oncall/rotas/${byContract.id}`).set(t.ofB.supervisor).expect(204);
    });

    it('should refuse changing or deleting a rota that reaches outside the scope and change nothing', async () => {
      const before = await rotasAs(t.admin);
      await platform.http
        .put(`/api/oncall/rotas/${rotas.a}`)
        .set(t.ofB.supervisor)
        .send(rota({ siteIds: [t.b.siteId] }))
        .expect(404);
      await platform.http
        .put(`/api/oncall/rotas/${rotas.both}`)
        .set(t.ofB.supervisor)
        .send(rota({ siteIds: [t.b.siteId] }))
        .expect(404);
      await platform.http.delete(`/api/oncall/rotas/${rotas.a}`).set(t.ofB.supervisor).expect(404);
      await platform.http.delete(`/api/oncall/rotas/${rotas.whole}`).set(t.ofB.supervisor).expect(403);
      await platform.http.put(`/api/oncall/rotas/${rotas.b}`).set(t.ofB.supervisor).send(rota({})).expect(403);
      expect(await rotasAs(t.admin)).toEqual(before);
      await platform.http
        .put(`/api/oncall/rotas/${rotas.b}`)
        .set(t.ofB.supervisor)
        .send(rota({ siteIds: [t.b.siteId], name: 'B rota' }))
        .expect(200);
    });
  });

  describe('maintenance windows', () => {
    it("should list the windows reaching into the scope, without the other customer's sites and devices", async () => {
      const listed = await windowsAs(t.ofB.operator);
      expect(listed.map((w) => w.id).sort()).toEqual([windows.b, windows.whole, windows.both].sort());
      expect(listed.find((w) => w.id === windows.both)?.siteIds).toEqual([t.b.siteId]);
    });

    it("should refuse a window over another customer's sites or devices (404) or over the whole estate (403), creating nothing", async () => {
      await platform.http
        .post('/api/maintenance-windows')
        .set(t.ofB.operator)
        .send(window({ siteIds: [t.a.siteId] }))
        .expect(404);
      await platform.http
        .post('/api/maintenance-windows')
        .set(t.ofB.operator)
        .send(window({ siteIds: [t.b.siteId], deviceIds: [t.a.deviceId] }))
        .expect(404);
      await platform.http
        .post('/api/maintenance-windows')
        .set(t.ofB.operator)
        .send(window({ deviceIds: ['NO-SUCH-DEVICE'] }))
        .expect(404);
      await platform.http.post('/api/maintenance-windows').set(t.ofB.operator).send(window({})).expect(403);
      expect((await windowsAs(t.admin)).length).toBe(4);
      await platform.http
        .post('/api/maintenance-windows')
        .set(t.ofB.operator)
        .send(window({ siteIds: [t.b.childSiteId], deviceIds: [t.b.deviceId] }))
        .expect(201);
    });

    it('should refuse a window longer than 31 days or ending before it starts, naming endsAt, for everyone', async () => {
      const start = Date.now();
      const tenYears = await platform.http
        .post('/api/maintenance-windows')
        .set(t.admin)
        .send(window({ startsAt: new Date(start).toISOString(), endsAt: new Date(start + 10 * 365 * 24 * HOUR).toISOString() }))
        .expect(400);
      expect(tenYears.body).toMatchObject({ field: 'endsAt', message: 'endsAt: a window lasts at most 31 days' });
      const backwards = await platform.http
        .post('/api/maintenance-windows')
        .set(t.ofB.operator)
        .send(window({ siteIds: [t.b.siteId], startsAt: new Date(start + HOUR).toISOString(), endsAt: new Date(start).toISOString() }))
        .expect(400);
      expect(backwards.body.field).toBe('endsAt');
      await platform.http
        .post('/api/maintenance-windows')
        .set(t.admin)
        .send(window({ startsAt: new Date(start).toISOString(), endsAt: new Date(start + 31 * 24 * HOUR).toISOString() }))
        .expect(201);
    });

    it('should refuse an unknown site or device in a window of an unscoped author with 400 naming the field', async () => {
      expect(
        (
          await platform.http
            .post('/api/maintenance-windows')
            .set(t.admin)
            .send(window({ siteIds: ['no-such-site'] }))
            .expect(400)
        ).body.field,
      ).toBe('siteIds');
      expect(
        (
          await platform.http
            .post('/api/maintenance-windows')
            .set(t.admin)
            .send(window({ deviceIds: ['NO-SUCH'] }))
            .expect(400)
        ).body.field,
      ).toBe('deviceIds');
    });

    it('should refuse deleting a window reaching outside the scope and delete one inside it', async () => {
      await platform.http.delete(`/api/maintenance-windows/${windows.a}`).set(t.ofB.supervisor).expect(404);
      await platform.http.delete(`/api/maintenance-windows/${windows.both}`).set(t.ofB.supervisor).expect(404);
      await platform.http.delete(`/api/maintenance-windows/${windows.whole}`).set(t.ofB.supervisor).expect(403);
      const left = (await windowsAs(t.admin)).map((w) => w.id);
      expect(left).toEqual(expect.arrayContaining([windows.a, windows.both, windows.whole]));
      await platform.http.delete(`/api/maintenance-windows/${windows.b}`).set(t.ofB.supervisor).expect(204);
      expect((await windowsAs(t.admin)).map((w) => w.id)).not.toContain(windows.b);
    });
  });
});
