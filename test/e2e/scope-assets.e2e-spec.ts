import type { Role } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeDevice, makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { twoCustomers, type TwoCustomers } from '../support/two-customers';

const ROLES: Role[] = ['admin', 'supervisor', 'operator', 'engineer', 'auditor'];

describe.each(databaseTargets())('sites, devices and the inventory of another customer on $name', (target) => {
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

  const asAdmin = () => t.admin;
  const siteOf = async (id: string) => (await platform.http.get(`/api/sites/${id}`).set(asAdmin()).expect(200)).body;
  const deviceOf = async (id: string) => (await platform.http.get(`/api/devices/${id}`).set(asAdmin()).expect(200)).body;

  describe('sites', () => {
    it('should list only the sites of the scope, for every role', async () => {
      for (const role of ROLES) {
        const ids = (await platform.http.get('/api/sites').set(t.ofB[role]).expect(200)).body.items.map((s: { id: string }) => s.id);
        expect([role, ids.sort()]).toEqual([role, [t.b.siteId, t.b.childSiteId].sort()]);
      }
      const filtered = (await platform.http.get(`/api/sites?customerId=${t.a.customerId}`).set(t.ofB.supervisor).expect(200)).body;
      expect(filtered).toEqual({ items: [], total: 0 });
    });

    it("should answer 404 for another customer's site, for every role, and 200 for its own", async () => {
      for (const role of ROLES) {
        expect([role, (await platform.http.get(`/api/sites/${t.a.siteId}`).set(t.ofB[role])).status]).toEqual([role, 404]);
        expect([role, (await platform.http.get(`/api/sites/${t.b.childSiteId}`).set(t.ofB[role])).status]).toEqual([role, 200]);
      }
    });

    it("should refuse renaming and deleting another customer's site with 404, change nothing, and record the refusal", async () => {
      const before = await siteOf(t.a.childSiteId);
      await platform.http.patch(`/api/sites/${t.a.childSiteId}`).set(t.ofB.supervisor).send({ name: 'taken over' }).expect(404);
      await platform.http.delete(`/api/sites/${t.a.childSiteId}`).set(t.ofB.supervisor).expect(404);
      expect(await siteOf(t.a.childSiteId)).toEqual(before);
      const audit = (await platform.http.get(`/api/audit?actor=${t.ofB.supervisor.username}&entityId=${t.a.childSiteId}`).set(asAdmin()).expect(200)).body.items;
      expect(audit.map((e: { action: string }) => e.action)).toEqual(['access-denied', 'access-denied']);
    });

    it('should create a site only under a customer or parent of the scope', async () => {
      await platform.http
        .post('/api/sites')
        .set(t.ofB.supervisor)
        .send(makeSite({ customerId: t.a.customerId }))
        .expect(404);
      await platform.http
        .post('/api/sites')
        .set(t.ofB.supervisor)
        .send(makeSite({ parentId: t.a.siteId }))
        .expect(404);
      await platform.http
        .post('/api/sites')
        .set(t.ofB.supervisor)
        .send(makeSite({ parentId: t.b.siteId, customerId: t.a.customerId }))
        .expect(404);
      await platform.http
        .post('/api/sites')
        .set(t.ofB.supervisor)
        .send(makeSite({ customerId: t.b.customerId, contractId: t.a.contractId }))
        .expect(404);
      await platform.http.post('/api/sites').set(t.ofB.supervisor).send(makeSite()).expect(403);
      const under = (
        await platform.http
          .post('/api/sites')
          .set(t.ofB.supervisor)
          .send(makeSite({ parentId: t.b.siteId }))
          .expect(201)
      ).body;
      expect(under.customerId).toBe(t.b.customerId);
      await platform.http
        .post('/api/sites')
        .set(t.ofB.supervisor)
        .send(makeSite({ customerId: t.b.customerId }))
        .expect(201);
      const sitesOfA = (await platform.http.get(`/api/sites?customerId=${t.a.customerId}`).set(asAdmin()).expect(200)).body.items;
      expect(sitesOfA.map((s: { id: string }) => s.id).sort()).toEqual([t.a.siteId, t.a.childSiteId].sort());
    });

    it("should refuse moving a site of the scope to another customer or under another customer's site with 404", async () => {
      const before = await siteOf(t.b.childSiteId);
      await platform.http.patch(`/api/sites/${t.b.childSiteId}`).set(t.ofB.supervisor).send({ parentId: t.a.siteId }).expect(404);
      await platform.http.patch(`/api/sites/${t.b.childSiteId}`).set(t.ofB.supervisor).send({ customerId: t.a.customerId }).expect(404);
      await platform.http.patch(`/api/sites/${t.b.childSiteId}`).set(t.ofB.supervisor).send({ contractId: t.a.contractId }).expect(404);
      expect(await siteOf(t.b.childSiteId)).toEqual(before);
      const renamed = (await platform.http.patch(`/api/sites/${t.b.childSiteId}`).set(t.ofB.supervisor).send({ name: 'B renamed' }).expect(200)).body;
      expect(renamed.name).toBe('B renamed');
    });

    it('should refuse taking a site out of the scope by clearing its customer', async () => {
      const site = (
        await platform.http
          .post('/api/sites')
          .set(t.ofB.supervisor)
          .send(makeSite({ customerId: t.b.customerId }))
          .expect(201)
      ).body;
      await platform.http.patch(`/api/sites/${site.id}`).set(t.ofB.supervisor).send({ customerId: null }).expect(403);
      expect((await siteOf(site.id)).customerId).toBe(t.b.customerId);
    });
  });

  describe('devices', () => {
    it('should list, read and export only the devices of the scope', async () => {
      for (const role of ROLES) {
        const ids = (await platform.http.get('/api/devices').set(t.ofB[role]).expect(200)).body.items.map((d: { id: string }) => d.id);
        expect([role, ids.includes(t.b.deviceId), ids.includes(t.a.deviceId)]).toEqual([role, true, false]);
        expect([role, (await platform.http.get(`/api/devices/${t.a.deviceId}`).set(t.ofB[role])).status]).toEqual([role, 404]);
      }
      expect((await platform.http.get(`/api/devices?siteId=${t.a.siteId}`).set(t.ofB.operator).expect(200)).body.total).toBe(0);
      const csv = (await platform.http.get('/api/devices/export.csv').set(t.ofB.auditor).expect(200)).text;
      expect(csv).toContain(t.b.deviceId);
      expect(csv).not.toContain(t.a.deviceId);
      expect(csv).not.toContain(t.a.siteCode);
      expect((await platform.http.get('/api/devices/export.csv').set(asAdmin()).expect(200)).text).toContain(t.a.deviceId);
    });

    it("should answer 404 for the history and online hours of another customer's device", async () => {
      for (const role of ROLES) {
        expect([role, (await platform.http.get(`/api/devices/${t.a.deviceId}/history`).set(t.ofB[role])).status]).toEqual([role, 404]);
        expect([role, (await platform.http.get(`/api/devices/${t.a.deviceId}/online`).set(t.ofB[role])).status]).toEqual([role, 404]);
      }
      await platform.http.get(`/api/devices/${t.b.deviceId}/history`).set(t.ofB.engineer).expect(200);
      const online = (await platform.http.get(`/api/devices/${t.b.deviceId}/online`).set(t.ofB.engineer).expect(200)).body;
      expect(online.deviceId).toBe(t.b.deviceId);
    });

    it("should refuse registering a device into another customer's site or under its device with 404, creating nothing", async () => {
      const intoA = makeDevice(t.a.siteId);
      await platform.http.post('/api/devices').set(t.ofB.supervisor).send(intoA).expect(404);
      const underA = makeDevice(t.b.siteId, { parentId: t.a.deviceId });
      await platform.http.post('/api/devices').set(t.ofB.supervisor).send(underA).expect(404);
      for (const id of [intoA.id, underA.id]) await platform.http.get(`/api/devices/${id}`).set(asAdmin()).expect(404);
      await platform.http
        .post('/api/devices')
        .set(t.ofB.supervisor)
        .send(makeDevice(t.b.childSiteId, { parentId: t.b.deviceId }))
        .expect(201);
    });

    it("should refuse changing, moving and deleting another customer's device with 404 and change nothing", async () => {
      const before = await deviceOf(t.a.deviceId);
      await platform.http.patch(`/api/devices/${t.a.deviceId}`).set(t.ofB.supervisor).send({ name: 'taken over' }).expect(404);
      await platform.http.patch(`/api/devices/${t.a.deviceId}`).set(t.ofB.supervisor).send({ siteId: t.b.siteId }).expect(404);
      await platform.http.delete(`/api/devices/${t.a.deviceId}`).set(t.ofB.supervisor).expect(404);
      expect(await deviceOf(t.a.deviceId)).toEqual(before);
    });

    it("should refuse moving a device of the scope into another customer's site or under its device", async () => {
      const mine = (await platform.http.post('/api/devices').set(t.ofB.supervisor).send(makeDevice(t.b.siteId)).expect(201)).body;
      await platform.http.patch(`/api/devices/${mine.id}`).set(t.ofB.supervisor).send({ siteId: t.a.siteId }).expect(404);
      await platform.http.patch(`/api/devices/${mine.id}`).set(t.ofB.supervisor).send({ parentId: t.a.deviceId }).expect(404);
      expect(await deviceOf(mine.id)).toMatchObject({ siteId: t.b.siteId, parentId: null });
    });
  });

  describe('inventory import', () => {
    const importCsv = (csv: string) => platform.http.post('/api/devices/import').set(t.ofB.supervisor).set('Content-Type', 'text/csv').send(csv);

    it("should refuse a file with a row at another customer's site as an unknown site code, importing nothing", async () => {
      const mine = uniqueId('CSV-B');
      const theirs = uniqueId('CSV-A');
      const res = await importCsv(`id,type,siteCode\n${mine},dvr,${t.b.siteCode}\n${theirs},dvr,${t.a.siteCode}\n`).expect(400);
      expect(res.body.errors).toEqual([{ line: 3, field: 'siteCode', message: `no site with code "${t.a.siteCode}"` }]);
      const unknown = await importCsv(`id,type,siteCode\n${theirs},dvr,NO-SUCH-SITE\n`).expect(400);
      expect(unknown.body.errors[0].message).toBe('no site with code "NO-SUCH-SITE"');
      for (const id of [mine, theirs]) await platform.http.get(`/api/devices/${id}`).set(asAdmin()).expect(404);
    });

    it("should refuse a file updating another customer's device, saying only that the id is not available", async () => {
      const before = await deviceOf(t.a.deviceId);
      const res = await importCsv(`id,type,siteCode,name\n${t.a.deviceId},dvr,${t.b.siteCode},taken over\n`).expect(400);
      expect(res.body.errors).toEqual([{ line: 2, field: 'id', message: `device id ${t.a.deviceId} is not available` }]);
      const parent = await importCsv(`id,type,siteCode,parentId\n${uniqueId('CSV-B')},camera,${t.b.siteCode},${t.a.deviceId}\n`).expect(400);
      expect(parent.body.errors[0]).toMatchObject({ line: 2, field: 'parentId', message: `no device ${t.a.deviceId} in the file or the register` });
      expect(await deviceOf(t.a.deviceId)).toEqual(before);
    });

    it('should import rows of the scope', async () => {
      const id = uniqueId('CSV-B');
      const res = await importCsv(`id,type,siteCode,name\n${id},dvr,${t.b.siteCode},new\n${t.b.deviceId},dvr,${t.b.siteCode},renamed by import\n`).expect(200);
      expect(res.body).toMatchObject({ created: 1, updated: 1 });
      expect((await deviceOf(t.b.deviceId)).name).toBe('renamed by import');
    });
  });
});
