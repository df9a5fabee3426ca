import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { brokerTargets, databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

const targets = databaseTargets().flatMap((db) => brokerTargets().map((broker) => ({ name: `${db.name} + ${broker.name} broker`, db, broker })));

/** Resolves with the first event of that name whose payload passes the check. */
function next<T>(socket: Socket, event: string, check: (payload: T) => boolean = () => true, timeoutMs = 15_000): Promise<T> {
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

describe.each(targets)('dashboard socket on $name', ({ db: dbTarget, broker }) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let token: string;
  let device: DeviceFleet;
  const sockets: Socket[] = [];
  const connect = (auth: Record<string, unknown>) => {
    const socket = io(`${platform.baseUrl}/dashboard`, { auth, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    db = await dbTarget.create();
    platform = await startTestPlatform(db, {
      mqttUrl: broker.url,
      env: { ...broker.env, VIGIL_MISSED_HEARTBEATS: '2', VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `d-${randomBytes(4).toString('hex')}` },
    });
    token = await platform.login();
    device = await DeviceFleet.connect(platform);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await device?.close();
    await platform?.close();
    await db?.drop();
  });

  it('should refuse a missing or bad token at the handshake', async () => {
    for (const auth of [{}, { token: 'not-a-token' }]) {
      const socket = connect(auth);
      const err = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(err.message).toContain('unauthorized');
      expect(socket.connected).toBe(false);
    }
  });

  it('should send a summary on connect, then device statuses and fault events as they happen', async () => {
    const socket = connect({ token });
    const first = await next<Record<string, number>>(socket, 'summary');
    expect(Object.keys(first).sort()).toEqual(['1', '2', '3', '4']);

    const auth = { Authorization: `Bearer ${token}` };
    const siteId = (await platform.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body.id;
    const id = uniqueId('DVR');
    await platform.http.post('/api/devices').set(auth).send({ id, type: 'dvr', siteId, heartbeatIntervalSec: 1 }).expect(201);
    // one event per device, or a batch when many changed at once
    const online = new Promise<{ deviceId: string; status: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no status for the device within 15 s')), 15_000).unref();
      const settle = (c: { deviceId: string; status: string } | undefined) => {
        if (!c || c.deviceId !== id || c.status !== 'online') return;
        clearTimeout(timer);
        socket.off('device.status', single).off('device.status.batch', batch);
        resolve(c);
      };
      const single = (c: { deviceId: string; status: string }) => settle(c);
      const batch = (b: { changes: { deviceId: string; status: string }[] }) => settle(b.changes.find((c) => c.deviceId === id && c.status === 'online'));
      socket.on('device.status', single).on('device.status.batch', batch);
    });
    await device.heartbeat(id);
    expect(await online).toMatchObject({ deviceId: id, siteId, status: 'online' });

    const opened = next<{ id: string; deviceId: string }>(socket, 'fault.opened', (f) => f.deviceId === id);
    const summary = next<Record<string, number>>(socket, 'summary', (s) => s['2'] > first['2']);
    const fault = await opened;
    expect(fault).toMatchObject({ deviceId: id, siteId, kind: 'offline', level: 2, state: 'open' });
    expect((await summary)['2']).toBe(first['2'] + 1);

    const updated = next<{ id: string; state: string }>(socket, 'fault.updated', (f) => f.id === fault.id);
    const operator = uniqueId('op');
    await platform.http.post('/api/users').set(auth).send({ username: operator, password: 'password-123', role: 'operator' }).expect(201);
    const asOperator = { Authorization: `Bearer ${await platform.login(operator, 'password-123')}` };
    await platform.http.post(`/api/faults/${fault.id}/acknowledge`).set(asOperator).send({}).expect(200);
    expect(await updated).toMatchObject({ id: fault.id, state: 'acknowledged' });

    const cleared = next<{ id: string; state: string }>(socket, 'fault.cleared', (f) => f.id === fault.id);
    await device.heartbeat(id);
    expect(await cleared).toMatchObject({ id: fault.id, state: 'closed' });
  });

  it('should send each browser a snapshot of the open faults on connect, and one event per fault in a burst', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const site = (await platform.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body;
    const cams = Array.from({ length: 80 }, () => uniqueId('CAM'));
    const csv = ['id,type,siteCode,heartbeatIntervalSec', ...cams.map((c) => `${c},camera,${site.code},60`)].join('\n');
    await platform.http.post('/api/devices/import').set(auth).set('Content-Type', 'text/csv').send(csv).expect(200);
    const socket = connect({ token });
    await next(socket, 'snapshot');
    const seen = new Map<string, number>();
    let allSeen!: () => void;
    const everyOne = new Promise<void>((resolve) => (allSeen = resolve));
    const count = (f: { id: string; deviceId: string; kind: string }) => {
      if (cams.includes(f.deviceId) && f.kind === 'video-loss') seen.set(f.id, (seen.get(f.id) ?? 0) + 1);
      if (seen.size === cams.length) allSeen();
    };
    socket.on('fault.opened', count);
    socket.on('fault.batch', (b: { events: { type: string; fault: { id: string; deviceId: string; kind: string } }[] }) =>
      b.events.filter((e) => e.type === 'opened').forEach((e) => count(e.fault)),
    );
    await Promise.all(cams.map((c) => device.heartbeat(c, { health: { video: 'lost' } })));
    await Promise.race([everyOne, new Promise((_, reject) => setTimeout(() => reject(new Error(`${seen.size} of ${cams.length} faults within 20 s`)), 20_000).unref())]);
    expect(seen.size).toBe(cams.length);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    // a browser that connects now is drawn from the snapshot: the open faults with their SLA, no request per fault
    const late = connect({ token });
    const snap = await next<{ faults: { deviceId: string; sla: { respond: { due: string } } | null }[]; totalOpen: number }>(late, 'snapshot');
    const mine = snap.faults.filter((f) => cams.includes(f.deviceId));
    expect(mine.length).toBe(cams.length);
    expect(mine[0].sla?.respond.due).toEqual(expect.any(String));
    expect(snap.totalOpen).toBeGreaterThanOrEqual(cams.length);
  });

  it("should show a user limited to one customer only that customer's sites, over the socket and REST", async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const customer = (
      await platform.http
        .post('/api/customers')
        .set(auth)
        .send({ name: uniqueId('customer') })
        .expect(201)
    ).body;
    const mine = (
      await platform.http
        .post('/api/sites')
        .set(auth)
        .send(makeSite({ customerId: customer.id }))
        .expect(201)
    ).body;
    const child = (
      await platform.http
        .post('/api/sites')
        .set(auth)
        .send(makeSite({ parentId: mine.id }))
        .expect(201)
    ).body;
    const other = (await platform.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body;
    const username = uniqueId('viewer');
    await platform.http
      .post('/api/users')
      .set(auth)
      .send({ username, password: 'password-123', role: 'operator', scope: { customerIds: [customer.id], siteIds: [] } })
      .expect(201);
    expect(
      (
        await platform.http
          .post('/api/users')
          .set(auth)
          .send({ username: uniqueId('x'), password: 'password-123', role: 'operator', scope: { customerIds: ['nope'], siteIds: [] } })
      ).status,
    ).toBe(400);
    const viewerToken = await platform.login(username, 'password-123');
    const viewer = { Authorization: `Bearer ${viewerToken}` };
    const camHere = uniqueId('CAM');
    const camThere = uniqueId('CAM');
    await platform.http.post('/api/devices').set(auth).send({ id: camHere, type: 'camera', siteId: child.id, heartbeatIntervalSec: 60 }).expect(201);
    await platform.http.post('/api/devices').set(auth).send({ id: camThere, type: 'camera', siteId: other.id, heartbeatIntervalSec: 60 }).expect(201);

    const scoped = connect({ token: viewerToken });
    const everything = connect({ token });
    await Promise.all([next(scoped, 'snapshot'), next(everything, 'snapshot')]);
    const leaked: string[] = [];
    scoped.on('fault.opened', (f: { siteId: string }) => {
      if (f.siteId !== child.id && f.siteId !== mine.id) leaked.push(f.siteId);
    });
    const hereSeen = next<{ deviceId: string }>(scoped, 'fault.opened', (f) => f.deviceId === camHere);
    const thereSeen = next<{ deviceId: string; id: string }>(everything, 'fault.opened', (f) => f.deviceId === camThere);
    // the other site's fault first: whatever of it could leak is on the scoped socket before the fault of its own site that follows
    await device.heartbeat(camThere, { health: { tamper: true } });
    const thereFault = await thereSeen;
    await device.heartbeat(camHere, { health: { tamper: true } });
    await hereSeen;
    expect(leaked).toEqual([]);

    const sites = (await platform.http.get('/api/sites').set(viewer).expect(200)).body.items.map((x: { id: string }) => x.id).sort();
    expect(sites).toEqual([mine.id, child.id].sort());
    const faults = (await platform.http.get('/api/faults?state=open').set(viewer).expect(200)).body.items as { deviceId: string }[];
    expect(faults.map((f) => f.deviceId)).toEqual([camHere]);
    await platform.http.get(`/api/faults/${thereFault.id}`).set(viewer).expect(404);
    await platform.http.get(`/api/devices/${camThere}`).set(viewer).expect(404);
    const overview = (await platform.http.get('/api/dashboard/overview').set(viewer).expect(200)).body;
    expect(overview.sites.map((x: { id: string }) => x.id).sort()).toEqual([mine.id, child.id].sort());
    expect(Object.values(overview.summary).reduce((a: number, b) => a + (b as number), 0)).toBe(1);
  });

  // several console processes behind one address need a shared database and broker: PostgreSQL and an external broker
  (dbTarget.name === 'postgres' && broker.url ? it : it.skip)('should show every event to browsers on either of two processes', async () => {
    const other = await startTestPlatform(db, {
      mqttUrl: broker.url,
      env: {
        ...broker.env,
        VIGIL_MISSED_HEARTBEATS: '2',
        VIGIL_INGEST_FLUSH_MS: '20',
        MQTT_SHARED_GROUP: `g${randomBytes(3).toString('hex')}`,
        MQTT_CLIENT_ID: `d2-${randomBytes(4).toString('hex')}`,
      },
    });
    try {
      const here = connect({ token });
      const there = io(`${other.baseUrl}/dashboard`, { auth: { token }, transports: ['websocket'], reconnection: false });
      sockets.push(there);
      await Promise.all([next(here, 'summary'), next(there, 'summary')]);
      const auth = { Authorization: `Bearer ${token}` };
      const siteId = (await platform.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body.id;
      const id = uniqueId('SRV');
      await platform.http.post('/api/devices').set(auth).send({ id, type: 'server', siteId, heartbeatIntervalSec: 1 }).expect(201);
      const seen = Promise.all([here, there].map((s) => next<{ deviceId: string; level: number }>(s, 'fault.opened', (f) => f.deviceId === id, 40_000)));
      await device.heartbeat(id);
      const [a, b] = await seen;
      expect(a).toMatchObject({ deviceId: id, level: 1 });
      expect(b).toEqual(a);
    } finally {
      await other.close();
    }
  });
});
