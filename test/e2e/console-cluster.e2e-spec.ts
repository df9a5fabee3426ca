import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { ConsoleAppModule } from '../../apps/console/src/console-app.module';
import { IngestAppModule } from '../../apps/ingest/src/ingest-app.module';
import { brokerTargets, databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet, platformBrokerUrl } from '../support/device-client';
import { makeSite, tokensByRole, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const targets = databaseTargets().flatMap((db) => brokerTargets().map((broker) => ({ name: `${db.name} + ${broker.name} broker`, db, broker })));

/** Every fault and device-status event one browser got, single or batched, in arrival order. */
class Seen {
  readonly faults: string[] = [];
  readonly statuses: string[] = [];
  constructor(readonly socket: Socket) {
    for (const event of ['fault.opened', 'fault.updated', 'fault.cleared']) socket.on(event, (f: { id: string }) => this.faults.push(`${event}:${f.id}`));
    socket.on('fault.batch', (b: { events: { type: string; fault: { id: string } }[] }) => this.faults.push(...b.events.map((e) => `fault.${e.type}:${e.fault.id}`)));
    socket.on('device.status', (c: { deviceId: string; status: string }) => this.statuses.push(`${c.deviceId}:${c.status}`));
    socket.on('device.status.batch', (b: { changes: { deviceId: string; status: string }[] }) => this.statuses.push(...b.changes.map((c) => `${c.deviceId}:${c.status}`)));
  }
  count(list: string[], entry: string): number {
    return list.filter((e) => e === entry).length;
  }
}

// Two console processes behind one address, with ingest beside them: a browser on either sees every event exactly once,
// whichever process it came from (the console next door, or ingest).
describe.each(targets)('two console processes on $name', ({ db: dbTarget, broker }) => {
  let db: TestDatabase;
  const apps: TestPlatform[] = [];
  const browsers: Seen[] = [];
  let fleet: DeviceFleet;
  const env = (tag: string) => ({ ...broker.env, VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `${tag}-${randomBytes(4).toString('hex')}` });

  beforeAll(async () => {
    db = await dbTarget.create();
    const a = await startTestPlatform(db, { mqttUrl: broker.url, module: ConsoleAppModule, env: env('ca') });
    apps.push(a);
    apps.push(await startTestPlatform(db, { mqttUrl: broker.url ?? platformBrokerUrl(a), module: ConsoleAppModule, env: env('cb') }));
    apps.push(await startTestPlatform(db, { mqttUrl: broker.url ?? platformBrokerUrl(a), module: IngestAppModule, env: env('i') }));
    for (const app of apps.slice(0, 2)) {
      const socket = io(`${app.baseUrl}/dashboard`, { auth: { token: await app.login() }, transports: ['websocket'], reconnection: false });
      browsers.push(new Seen(socket));
      await new Promise((resolve) => socket.once('snapshot', resolve));
    }
    fleet = await DeviceFleet.connect(a);
  });

  afterAll(async () => {
    browsers.forEach((b) => b.socket.close());
    await fleet?.close();
    for (const app of apps.reverse()) await app.close();
    await db?.drop();
  });

  it('should show a fault reported on either console to the browsers on both, once each', async () => {
    const [a, b] = apps;
    const admin = await a.login();
    const { operator } = await tokensByRole(a, admin);
    // one site each: a second open report of one kind at one site is refused as a duplicate
    const report = async (app: TestPlatform) => {
      const siteId = (await a.http.post('/api/sites').set('Authorization', `Bearer ${admin}`).send(makeSite()).expect(201)).body.id;
      const res = await app.http
        .post('/api/faults')
        .set('Authorization', `Bearer ${operator}`)
        .send({ siteId, kind: 'other', level: 4, description: uniqueId('cluster'), reporter: '张三', channel: 'phone' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const ids = [await report(a), await report(b)];
    for (const id of ids) for (const seen of browsers) await waitFor(async () => seen.count(seen.faults, `fault.opened:${id}`) > 0);
    // a second coalescing window and more: a doubled event would have come by now
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const id of ids) for (const seen of browsers) expect(seen.count(seen.faults, `fault.opened:${id}`)).toBe(1);
  });

  it('should show a device status stored by the ingest process to the browsers on both consoles, once each', async () => {
    const [a] = apps;
    const admin = { Authorization: `Bearer ${await a.login()}` };
    const siteId = (await a.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body.id;
    const cam = (
      await a.http
        .post('/api/devices')
        .set(admin)
        .send({ id: uniqueId('CAM'), type: 'camera', siteId, heartbeatIntervalSec: 600 })
        .expect(201)
    ).body.id as string;
    await fleet.heartbeat(cam);
    for (const seen of browsers) await waitFor(async () => seen.count(seen.statuses, `${cam}:online`) > 0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const seen of browsers) expect(seen.count(seen.statuses, `${cam}:online`)).toBe(1);
  });
});
