import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { DEMO_SLA_POLICY, type Role, type UserScope } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

type Auth = { Authorization: string };
interface FaultPayload {
  id: string;
  siteId: string;
  deviceId: string | null;
  kind: string;
  state: string;
}
interface StatusPayload {
  deviceId: string;
  siteId: string;
  status: string;
}

/** Resolves with the first event of that name whose payload passes the check. */
function next<T>(socket: Socket, event: string, check: (payload: T) => boolean = () => true, timeoutMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs).unref();
    const handler = (payload: T) => {
      if (!check(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}

/** Every fault and device status a socket receives, single or batched. */
function record(socket: Socket) {
  const log = { faults: [] as (FaultPayload & { type: string })[], statuses: [] as StatusPayload[], summaries: [] as Record<string, number>[] };
  for (const type of ['opened', 'updated', 'cleared']) socket.on(`fault.${type}`, (f: FaultPayload) => log.faults.push({ ...f, type }));
  socket.on('fault.batch', (b: { events: { type: string; fault: FaultPayload }[] }) => b.events.forEach((e) => log.faults.push({ ...e.fault, type: e.type })));
  socket.on('device.status', (c: StatusPayload) => log.statuses.push(c));
  socket.on('device.status.batch', (b: { changes: StatusPayload[] }) => log.statuses.push(...b.changes));
  socket.on('summary', (s: Record<string, number>) => log.summaries.push(s));
  return log;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * Two customers, A and B; users scoped to B (supervisor, operator, engineers, auditor) against A's faults:
 * nothing of A shows in lists, summaries, reports or the live feed, and every action on A's faults is 404
 * and changes nothing.
 */
describe.each(databaseTargets())('faults, SLA, reports and the dashboard kept per customer on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: Auth;
  let device: DeviceFleet;
  const sockets: Socket[] = [];
  const as: Record<string, Auth> = {};
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const A = { customer: '', contract: '', site: '', cam: '', fault: '' };
  const B = { customer: '', contract: '', site: '', site2: '', cam: '', fault: '', fault2: '', fault3: '' };

  async function user(name: string, role: Role, scope: UserScope | null) {
    const username = uniqueId(name);
    ids[name] = (await platform.http.post('/api/users').set(admin).send({ username, password: 'password-123', role, scope }).expect(201)).body.id;
    tokens[name] = await platform.login(username, 'password-123');
    as[name] = { Authorization: `Bearer ${tokens[name]}` };
  }

  async function customer(name: string) {
    const c = (
      await platform.http
        .post('/api/customers')
        .set(admin)
        .send({ name: uniqueId(name) })
        .expect(201)
    ).body;
    const contract = (
      await platform.http
        .post('/api/contracts')
        .set(admin)
        .send({
          customerId: c.id,
          name: `${name} contract`,
          startsOn: '2026-01-01',
          endsOn: '2030-12-31',
          slaPolicy: DEMO_SLA_POLICY,
        })
        .expect(201)
    ).body;
    const site = async () =>
      (
        await platform.http
          .post('/api/sites')
          .set(admin)
          .send(makeSite({ customerId: c.id, contractId: contract.id }))
          .expect(201)
      ).body.id as string;
    return { customer: c.id as string, contract: contract.id as string, site };
  }

  async function camera(siteId: string) {
    return (
      await platform.http
        .post('/api/devices')
        .set(admin)
        .send({ id: uniqueId('CAM'), type: 'camera', siteId, heartbeatIntervalSec: 60 })
        .expect(201)
    ).body.id as string;
  }

  const report = (who: string, siteId: string, deviceId: string | undefined, kind: string) =>
    platform.http.post('/api/faults').set(as[who]).send({ siteId, deviceId, kind, level: 3, description: '画面模糊 blurred', reporter: '张三', channel: 'phone' });
  const faultOf = async (id: string) => (await platform.http.get(`/api/faults/${id}`).set(admin).expect(200)).body;
  const connect = (token: string) => {
    const socket = io(`${platform.baseUrl}/dashboard`, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { env: { VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `sf-${randomBytes(4).toString('hex')}` } });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    device = await DeviceFleet.connect(platform);
    const a = await customer('A');
    const b = await customer('B');
    Object.assign(A, { customer: a.customer, contract: a.contract, site: await a.site() });
    Object.assign(B, { customer: b.customer, contract: b.contract, site: await b.site(), site2: await b.site() });
    A.cam = await camera(A.site);
    B.cam = await camera(B.site);
    const ofB = { customerIds: [B.customer], siteIds: [] };
    await user('op', 'operator', null);
    await user('sup', 'supervisor', null);
    await user('engA', 'engineer', { customerIds: [A.customer], siteIds: [] });
    await user('supB', 'supervisor', ofB);
    await user('opB', 'operator', ofB);
    await user('engB', 'engineer', ofB);
    await user('engB2', 'engineer', ofB);
    await user('audB', 'auditor', ofB);
    await user('audB2', 'auditor', { customerIds: [], siteIds: [B.site2] });
    A.fault = (await report('op', A.site, A.cam, 'image-quality').expect(201)).body.id;
    B.fault = (await report('opB', B.site, B.cam, 'image-quality').expect(201)).body.id;
    B.fault2 = (await report('opB', B.site, undefined, 'damaged').expect(201)).body.id;
    B.fault3 = (await report('opB', B.site2, undefined, 'display').expect(201)).body.id;
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await device?.close();
    await platform?.close();
    await db?.drop();
  });

  it("should list, count and open only B's faults for B's users, and answer 404 for A's", async () => {
    for (const who of ['supB', 'opB', 'engB', 'audB']) {
      const listed = (await platform.http.get('/api/faults').set(as[who]).expect(200)).body;
      expect([who, listed.items.map((f: { id: string }) => f.id).sort()]).toEqual([who, [B.fault, B.fault2, B.fault3].sort()]);
      expect([who, (await platform.http.get(`/api/faults?siteId=${A.site}`).set(as[who]).expect(200)).body.total]).toEqual([who, 0]);
      expect([who, (await platform.http.get(`/api/faults?deviceId=${A.cam}`).set(as[who]).expect(200)).body.total]).toEqual([who, 0]);
      expect([who, total((await platform.http.get('/api/faults/summary').set(as[who]).expect(200)).body)]).toEqual([who, 3]);
      expect([who, (await platform.http.get(`/api/faults/${A.fault}`).set(as[who])).status]).toEqual([who, 404]);
    }
    // a user scoped to one site of B sees that site's fault only
    expect((await platform.http.get('/api/faults').set(as.audB2).expect(200)).body.items.map((f: { id: string }) => f.id)).toEqual([B.fault3]);
    expect((await platform.http.get(`/api/faults/${B.fault}`).set(as.audB2)).status).toBe(404);
  });

  it("should answer 404 to every action of B's users on A's fault, record the refusals, and change nothing", async () => {
    const before = await faultOf(A.fault);
    const since = new Date(Date.now() - 1).toISOString();
    const actions: [string, string, Record<string, unknown>][] = [
      ['acknowledge', 'supB', {}],
      ['dispatch', 'supB', { assigneeId: ids.engB }],
      ['arrive', 'supB', {}],
      ['restore', 'supB', {}],
      ['close', 'supB', { resolution: 'x' }],
      ['pause', 'supB', { reason: 'customer away' }],
      ['resume', 'supB', {}],
      ['acknowledge', 'opB', {}],
      ['dispatch', 'opB', { assigneeId: ids.engB }],
      ['restore', 'opB', {}],
      ['pause', 'opB', { reason: 'customer away' }],
      ['resume', 'opB', {}],
      ['acknowledge', 'engB', {}],
      ['arrive', 'engB', {}],
      ['restore', 'engB', {}],
      ['close', 'engB', { resolution: 'x' }],
    ];
    for (const [action, who, body] of actions) {
      expect([action, who, (await platform.http.post(`/api/faults/${A.fault}/${action}`).set(as[who]).send(body)).status]).toEqual([action, who, 404]);
    }
    const after = await faultOf(A.fault);
    expect(after).toMatchObject({ state: 'open', assigneeId: null, acknowledgedAt: null, pauses: [], updatedAt: before.updatedAt });
    expect(after.history.map((h: { type: string }) => h.type)).toEqual(['opened']);
    const refused = (
      await platform.http
        .get(`/api/audit?entity=fault&entityId=${A.fault}&from=${encodeURIComponent(since)}`)
        .set(admin)
        .expect(200)
    ).body.items.filter((e: { action: string }) => e.action === 'access-denied');
    expect(refused.length).toBe(actions.length);
  });

  it("should refuse a report at A's site or of A's device with 404, like an unknown one, and open nothing", async () => {
    expect((await report('opB', A.site, undefined, 'other')).status).toBe(404);
    expect((await report('supB', A.site, A.cam, 'other')).status).toBe(404);
    expect((await report('opB', B.site, A.cam, 'other')).status).toBe(404);
    expect((await report('opB', B.site, 'NO-SUCH-CAM', 'other')).status).toBe(404);
    expect((await platform.http.get(`/api/faults?siteId=${A.site}`).set(admin).expect(200)).body.total).toBe(1);
    expect((await platform.http.get('/api/faults/summary').set(as.opB).expect(200)).body).toEqual({ 1: 0, 2: 0, 3: 3, 4: 0 });
  });

  it("should dispatch only to an active engineer or supervisor whose scope covers the fault's site, naming assigneeId", async () => {
    const toB = await platform.http.post(`/api/faults/${A.fault}/dispatch`).set(as.op).send({ assigneeId: ids.engB });
    expect(toB.status).toBe(400);
    expect(toB.body.field).toBe('assigneeId');
    const toA = await platform.http.post(`/api/faults/${B.fault}/dispatch`).set(as.supB).send({ assigneeId: ids.engA });
    expect(toA.status).toBe(400);
    expect(toA.body.field).toBe('assigneeId');
    expect((await platform.http.post(`/api/faults/${B.fault}/dispatch`).set(as.supB).send({ assigneeId: ids.audB })).body.field).toBe('assigneeId');
    expect((await faultOf(B.fault)).assigneeId).toBeNull();
    await platform.http.post(`/api/faults/${B.fault}/dispatch`).set(as.supB).send({ assigneeId: ids.engB }).expect(200);
  });

  it('should let an engineer work only a fault dispatched to them, or an undispatched one their rota covers (403 otherwise)', async () => {
    // dispatched to engB: engB2 sees it but may not work it
    await platform.http.get(`/api/faults/${B.fault}`).set(as.engB2).expect(200);
    expect((await platform.http.post(`/api/faults/${B.fault}/arrive`).set(as.engB2)).status).toBe(403);
    expect((await platform.http.post(`/api/faults/${B.fault}/restore`).set(as.engB2).send({})).status).toBe(403);
    expect((await faultOf(B.fault)).state).toBe('dispatched');
    await platform.http.post(`/api/faults/${B.fault}/arrive`).set(as.engB).expect(200);

    // not dispatched, and no rota of engB2's covers it yet
    expect((await platform.http.post(`/api/faults/${B.fault2}/acknowledge`).set(as.engB2).send({})).status).toBe(403);
    await platform.http
      .post('/api/oncall/rotas')
      .set(as.sup)
      .send({
        name: uniqueId('rota'),
        siteIds: [B.site],
        members: [ids.engB2],
        startsAt: new Date(Date.now() - 3600_000).toISOString(),
      })
      .expect(201);
    await platform.http.post(`/api/faults/${B.fault2}/acknowledge`).set(as.engB2).send({ plan: 'replace the camera' }).expect(200);
    // engB is on no rota covering it
    expect((await platform.http.post(`/api/faults/${B.fault2}/restore`).set(as.engB).send({})).status).toBe(403);
    expect((await faultOf(B.fault2)).state).toBe('acknowledged');
    // the rota covers site B only, not B's second site
    expect((await platform.http.post(`/api/faults/${B.fault3}/acknowledge`).set(as.engB2).send({})).status).toBe(403);
    // operators and supervisors work any fault in scope
    await platform.http.post(`/api/faults/${B.fault3}/acknowledge`).set(as.opB).send({}).expect(200);
    await platform.http.post(`/api/faults/${B.fault3}/pause`).set(as.supB).send({ reason: 'customer away' }).expect(200);
    await platform.http.post(`/api/faults/${B.fault3}/resume`).set(as.opB).expect(200);
  });

  it("should preview SLAs and report the month only for contracts of B, over the sites in the caller's scope", async () => {
    const preview = { level: 3, region: 'Qingdao', openedAt: '2026-10-09T15:00:00+08:00', events: [], asOf: '2026-10-10T00:00:00+08:00' };
    expect(
      (
        await platform.http
          .post('/api/sla/evaluate')
          .set(as.audB)
          .send({ ...preview, contractId: A.contract })
      ).status,
    ).toBe(404);
    expect(
      (
        await platform.http
          .post('/api/sla/evaluate')
          .set(as.audB)
          .send({ ...preview, contractId: 'no-such-contract' })
      ).status,
    ).toBe(404);
    await platform.http
      .post('/api/sla/evaluate')
      .set(as.audB)
      .send({ ...preview, contractId: B.contract })
      .expect(200);

    const period = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7);
    for (const who of ['supB', 'opB', 'audB']) {
      expect([who, (await platform.http.get(`/api/reports/service?contractId=${A.contract}&period=${period}`).set(as[who])).status]).toEqual([who, 404]);
      expect([who, (await platform.http.get(`/api/reports/service.pdf?contractId=${A.contract}&period=${period}`).set(as[who])).status]).toEqual([who, 404]);
    }
    expect((await platform.http.get(`/api/reports/service?contractId=${B.contract}&period=${period}`).set(as.audB).expect(200)).body.faults.total).toBe(3);
    // one site of B in scope: the report covers that site only
    expect((await platform.http.get(`/api/reports/service?contractId=${B.contract}&period=${period}`).set(as.audB2).expect(200)).body.faults.total).toBe(1);
  });

  it("should show B's users only B on the dashboard's overview and trends", async () => {
    for (const who of ['supB', 'opB', 'engB', 'audB']) {
      const overview = (await platform.http.get('/api/dashboard/overview').set(as[who]).expect(200)).body;
      expect([who, overview.sites.map((s: { id: string }) => s.id).sort()]).toEqual([who, [B.site, B.site2].sort()]);
      expect([who, total(overview.summary)]).toEqual([who, 3]);
      const trends = (await platform.http.get('/api/dashboard/trends?range=24h').set(as[who]).expect(200)).body;
      expect([who, Math.max(...trends.faultsByLevel.map((p: Record<string, number | string>) => [1, 2, 3, 4].reduce((a, l) => a + (p[l] as number), 0)))]).toEqual([who, 3]);
      expect(trends.onlineBySite.every((s: { siteId: string }) => s.siteId === B.site || s.siteId === B.site2)).toBe(true);
    }
  });

  it("should send a B-scoped dashboard nothing of A: no status, fault, batch, summary or snapshot, while A's site fails under it", async () => {
    const bOpen = total((await platform.http.get('/api/faults/summary').set(as.opB).expect(200)).body);
    const scoped = connect(tokens.opB);
    const everything = connect(tokens.op);
    const log = record(scoped);
    const all = record(everything);
    await Promise.all([next(scoped, 'snapshot'), next(everything, 'snapshot')]);

    // sixty cameras of A fail at once: a fault.batch and a device.status.batch for whoever may see them
    const site = (await platform.http.get(`/api/sites/${A.site}`).set(admin).expect(200)).body;
    const cams = Array.from({ length: 60 }, () => uniqueId('CAM'));
    const csv = ['id,type,siteCode,heartbeatIntervalSec', ...cams.map((c) => `${c},camera,${site.code},60`)].join('\n');
    await platform.http.post('/api/devices/import').set(admin).set('Content-Type', 'text/csv').send(csv).expect(200);
    const aDevices = new Set([A.cam, ...cams]);
    const seenBy = (l: typeof log, type: string) => new Set(l.faults.filter((f) => f.type === type && f.deviceId !== null && aDevices.has(f.deviceId)).map((f) => f.deviceId));
    const until = (check: () => boolean, what: string) =>
      waitFor(async () => check(), 30_000).catch(() => {
        throw new Error(`timed out waiting for ${what}`);
      });
    await Promise.all(cams.map((c) => device.heartbeat(c, { health: { video: 'lost' } })));
    await until(() => seenBy(all, 'opened').size === cams.length, "A's faults on the unscoped dashboard");
    await until(() => all.statuses.some((s) => aDevices.has(s.deviceId)), "A's statuses on the unscoped dashboard");
    await until(() => all.summaries.some((s) => total(s) >= bOpen + cams.length), "A's faults counted on the unscoped dashboard");

    // a browser of B connecting now: its snapshot and summary hold B only
    const late = connect(tokens.supB);
    const [snapshot, summary] = await Promise.all([
      next<{ faults: FaultPayload[]; totalOpen: number; summary: Record<string, number> }>(late, 'snapshot'),
      next<Record<string, number>>(late, 'summary'),
    ]);
    expect(snapshot.faults.map((f) => f.siteId).filter((s) => s !== B.site && s !== B.site2)).toEqual([]);
    expect(snapshot.totalOpen).toBe(bOpen);
    expect(total(snapshot.summary)).toBe(bOpen);
    expect(total(summary)).toBe(bOpen);

    // A's cameras recover: cleared faults, for the unscoped dashboard only
    await Promise.all(cams.map((c) => device.heartbeat(c, { health: { video: 'ok' } })));
    await until(() => seenBy(all, 'cleared').size === cams.length, "A's faults cleared on the unscoped dashboard");

    // then B's own camera fails: B's dashboard gets it, after everything of A was sent on the same connection
    const mine = next<FaultPayload>(scoped, 'fault.opened', (f) => f.deviceId === B.cam);
    const mySummary = next<Record<string, number>>(scoped, 'summary', (s) => total(s) === bOpen + 1);
    await device.heartbeat(B.cam, { health: { video: 'lost' } });
    expect(await mine).toMatchObject({ deviceId: B.cam, siteId: B.site, kind: 'video-loss' });
    await mySummary;
    await until(() => log.statuses.some((s) => s.deviceId === B.cam), "B's camera status on B's dashboard");

    expect(log.faults.filter((f) => f.siteId !== B.site && f.siteId !== B.site2)).toEqual([]);
    expect(log.statuses.filter((s) => s.siteId !== B.site && s.siteId !== B.site2)).toEqual([]);
    expect(log.summaries.filter((s) => total(s) > bOpen + 1)).toEqual([]);
  }, 90_000);
});
