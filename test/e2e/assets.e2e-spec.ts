import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeDevice, makeSite } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

describe.each(databaseTargets())('asset register on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let auth: { Authorization: string };

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db);
    auth = { Authorization: `Bearer ${await platform.login()}` };
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  const count = async (path: string) => (await platform.http.get(path).set(auth)).body.total as number;

  it('should build a site tree and inherit the parent region defaults', async () => {
    const parent = (
      await platform.http
        .post('/api/sites')
        .set(auth)
        .send(makeSite({ region: 'Qingdao' }))
        .expect(201)
    ).body;
    const child = (
      await platform.http
        .post('/api/sites')
        .set(auth)
        .send(makeSite({ parentId: parent.id }))
        .expect(201)
    ).body;
    expect(child.parentId).toBe(parent.id);
    expect(child.timeZone).toBe('Asia/Shanghai');
    expect(child.workingHours).toBe('08:30-17:30');
    const children = await platform.http.get(`/api/sites?parentId=${parent.id}`).set(auth).expect(200);
    expect(children.body.items.map((s: { id: string }) => s.id)).toEqual([child.id]);
  });

  it('should refuse a site under itself or under a missing parent', async () => {
    const site = (await platform.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body;
    const loop = await platform.http.patch(`/api/sites/${site.id}`).set(auth).send({ parentId: site.id });
    expect(loop.status).toBe(400);
    expect(loop.body.field).toBe('parentId');
    const missing = await platform.http
      .post('/api/sites')
      .set(auth)
      .send(makeSite({ parentId: 'nope' }));
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('parentId');
  });

  it.each([
    [{ name: 'x', region: 'Qingdao' }, 'code'],
    [{ code: 'bad code!', name: 'x', region: 'Qingdao' }, 'code'],
    [{ code: 'OK-1', region: 'Qingdao' }, 'name'],
    [{ code: 'OK-2', name: 'x' }, 'region'],
    [{ code: 'OK-3', name: 'x', region: 'Qingdao', timeZone: 'Mars/Base' }, 'timeZone'],
    [{ code: 'OK-4', name: 'x', region: 'Qingdao', workingHours: '18:00-09:00' }, 'workingHours'],
    [{ code: 'OK-5', name: 'x', region: 'Qingdao', workingHours: '9am-5pm' }, 'workingHours'],
  ])('should answer 400 naming the field for site %j and write nothing', async (body, field) => {
    const before = await count('/api/sites');
    const res = await platform.http.post('/api/sites').set(auth).send(body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await count('/api/sites')).toBe(before);
  });

  it('should create, read, update and delete a device with its topology parent', async () => {
    const site = (await platform.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body;
    const sw = makeDevice(site.id, { type: 'switch' });
    await platform.http.post('/api/devices').set(auth).send(sw).expect(201);
    const dvr = makeDevice(site.id, { parentId: sw.id, model: 'DS-7816N-K2', installedAt: '2024-03-01', warrantyUntil: '2027-03-01' });
    const created = await platform.http.post('/api/devices').set(auth).send(dvr);
    expect(created.status).toBe(201);
    const read = await platform.http.get(`/api/devices/${dvr.id}`).set(auth).expect(200);
    expect(read.body).toMatchObject({ id: dvr.id, type: 'dvr', siteId: site.id, parentId: sw.id, status: 'unknown', lastSeenAt: null, heartbeatIntervalSec: 30 });
    const updated = await platform.http.patch(`/api/devices/${dvr.id}`).set(auth).send({ firmware: 'V4.22.005' }).expect(200);
    expect(updated.body.firmware).toBe('V4.22.005');
    expect((await platform.http.delete(`/api/devices/${sw.id}`).set(auth)).status).toBe(409);
    await platform.http.delete(`/api/devices/${dvr.id}`).set(auth).expect(204);
    await platform.http.get(`/api/devices/${dvr.id}`).set(auth).expect(404);
    expect((await platform.http.delete(`/api/sites/${site.id}`).set(auth)).status).toBe(409);
  });

  it('should mark devices that send no heartbeats as not monitored, and count them apart from unknown on the dashboard', async () => {
    const site = (await platform.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body;
    const dvr = (await platform.http.post('/api/devices').set(auth).send(makeDevice(site.id)).expect(201)).body;
    const speaker = (
      await platform.http
        .post('/api/devices')
        .set(auth)
        .send(makeDevice(site.id, { type: 'speaker' }))
        .expect(201)
    ).body;
    await platform.http
      .post('/api/devices')
      .set(auth)
      .send(makeDevice(site.id, { type: 'amplifier' }))
      .expect(201);
    expect([dvr.monitored, speaker.monitored]).toEqual([true, false]);
    // the status enum stays the contract's: unknown, with monitored saying why it never changes
    expect((await platform.http.get(`/api/devices/${speaker.id}`).set(auth).expect(200)).body).toMatchObject({ status: 'unknown', monitored: false });
    expect((await platform.http.get(`/api/devices/${dvr.id}`).set(auth).expect(200)).body).toMatchObject({ status: 'unknown', monitored: true });
    const listed = (await platform.http.get(`/api/devices?siteId=${site.id}`).set(auth).expect(200)).body.items as { type: string; monitored: boolean }[];
    expect(Object.fromEntries(listed.map((d) => [d.type, d.monitored]))).toEqual({ dvr: true, speaker: false, amplifier: false });
    const ofSite = async (query: string) =>
      (await platform.http.get(`/api/devices?siteId=${site.id}&${query}`).set(auth).expect(200)).body.items.map((d: { type: string }) => d.type).sort();
    expect(await ofSite('status=unknown&monitored=true')).toEqual(['dvr']);
    expect(await ofSite('monitored=false')).toEqual(['amplifier', 'speaker']);
    expect((await platform.http.get('/api/devices?monitored=maybe').set(auth).expect(400)).body.message.join()).toContain('monitored');
    expect((await platform.http.patch(`/api/devices/${speaker.id}`).set(auth).send({ name: 'lobby' }).expect(200)).body.monitored).toBe(false);
    const overview = (await platform.http.get('/api/dashboard/overview').set(auth).expect(200)).body;
    expect(overview.sites.find((s: { id: string }) => s.id === site.id).devices).toEqual({ online: 0, degraded: 0, offline: 0, unknown: 1, notMonitored: 2, total: 3 });
  });

  it('should answer 404 for an unknown device', async () => {
    expect((await platform.http.get('/api/devices/NOPE-1').set(auth)).status).toBe(404);
  });

  it.each([
    [{ id: 'has space', type: 'dvr' }, 'id'],
    [{ id: 'X1', type: 'toaster' }, 'type'],
    [{ id: 'X2', type: 'dvr', heartbeatIntervalSec: 0 }, 'heartbeatIntervalSec'],
    [{ id: 'X3', type: 'dvr', heartbeatIntervalSec: 'often' }, 'heartbeatIntervalSec'],
    [{ id: 'X4', type: 'dvr', installedAt: '2024-02-30' }, 'installedAt'],
    [{ id: 'X5', type: 'dvr', criticality: 'extreme' }, 'criticality'],
    [{ id: 'X6', type: 'dvr', parentId: 'MISSING' }, 'parentId'],
    [{ id: 'X7', type: 'dvr', installedAt: '2025-01-01', warrantyUntil: '2024-01-01' }, 'warrantyUntil'],
  ])('should answer 400 naming the field for device %j and write nothing', async (body, field) => {
    const site = (await platform.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body;
    const before = await count('/api/devices');
    const res = await platform.http
      .post('/api/devices')
      .set(auth)
      .send({ siteId: site.id, ...body });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await count('/api/devices')).toBe(before);
  });

  it('should refuse a device on an unknown site', async () => {
    const res = await platform.http.post('/api/devices').set(auth).send(makeDevice('no-such-site'));
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('siteId');
  });

  it('should page a list only when asked', async () => {
    const all = await platform.http.get('/api/sites').set(auth).expect(200);
    expect(all.body.items.length).toBe(all.body.total);
    const page = await platform.http.get('/api/sites?limit=2&offset=1').set(auth).expect(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBe(all.body.total);
    expect(page.body.items[0].id).toBe(all.body.items[1].id);
    expect((await platform.http.get('/api/sites?limit=zero').set(auth)).status).toBe(400);
  });
});
