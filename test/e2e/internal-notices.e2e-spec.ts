import { connectAsync, type MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import { internalTopicPrefix } from '@vigil/messaging';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { brokerUrlOf, grantedQos, platformBrokerUrl } from '../support/device-client';
import { makeSite, tokensByRole, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

/** A fault notice as another Vigil process would send it, for a fault that does not exist. */
function forgedNotice(siteId: string, id: string) {
  const at = new Date().toISOString();
  return {
    origin: 'forger',
    body: {
      type: 'opened',
      fault: {
        id,
        deviceId: null,
        siteId,
        contractId: null,
        region: 'Qingdao',
        kind: 'other',
        subject: null,
        level: 1,
        state: 'open',
        source: 'report',
        parentFaultId: null,
        affectedCount: 0,
        description: 'forged',
        reporter: null,
        channel: null,
        plan: null,
        assigneeId: null,
        patrolId: null,
        resolution: null,
        openedAt: at,
        acknowledgedAt: null,
        dispatchedAt: null,
        arrivedAt: null,
        restoredAt: null,
        repairedAt: null,
        closedAt: null,
        clearedAt: null,
        updatedAt: at,
        pauses: [],
      },
    },
  };
}

// The lab switch (VIGIL_MQTT_AUTH=off) lets the stranger connect and publish heartbeats; the internal topics stay closed to it.
describe.each(databaseTargets())('internal notices of a running platform on $name', (dbTarget) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let socket: Socket;
  let prefix: string;
  let report: () => Promise<string>;
  const clients: MqttClient[] = [];
  const seen: { id: string }[] = [];

  beforeAll(async () => {
    db = await dbTarget.create();
    platform = await startTestPlatform(db, { env: { VIGIL_MQTT_AUTH: 'off' } });
    prefix = internalTopicPrefix(db.url);
    socket = io(`${platform.baseUrl}/dashboard`, { auth: { token: await platform.login() }, transports: ['websocket'], reconnection: false });
    for (const event of ['fault.opened', 'fault.updated', 'fault.cleared']) socket.on(event, (f: { id: string }) => seen.push(f));
    socket.on('fault.batch', (b: { events: { fault: { id: string } }[] }) => seen.push(...b.events.map((e) => e.fault)));
    await new Promise((resolve) => socket.once('snapshot', resolve));
    const admin = await platform.login();
    const { operator } = await tokensByRole(platform, admin);
    /** A real fault reported over REST: once its event is on the socket, whatever was sent before it was handled too. */
    report = async () => {
      const siteId = (await platform.http.post('/api/sites').set('Authorization', `Bearer ${admin}`).send(makeSite()).expect(201)).body.id;
      const fault = (
        await platform.http
          .post('/api/faults')
          .set('Authorization', `Bearer ${operator}`)
          .send({ siteId, kind: 'other', level: 4, description: uniqueId('real'), reporter: '张三', channel: 'phone' })
          .expect(201)
      ).body;
      await waitFor(async () => seen.some((f) => f.id === fault.id));
      return siteId;
    };
  });

  afterAll(async () => {
    socket?.close();
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await platform?.close();
    await db?.drop();
  });

  const dropped = async (channel: string, reason: string) => {
    const text = (await platform.http.get('/metrics')).text;
    return Number(new RegExp(`vigil_internal_dropped_total\\{channel="${channel}",reason="${reason}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  };

  it('should refuse a stranger the internal topics, so a forged fault reaches no dashboard', async () => {
    const stranger = await connectAsync(brokerUrlOf(platform), { reconnectPeriod: 0 });
    clients.push(stranger);
    expect(await grantedQos(stranger, [`${prefix}#`, '#', 'vigil/#'])).toEqual([128, 128, 128]);
    const closed = new Promise<void>((resolve) => stranger.once('close', () => resolve()));
    stranger.publish(`${prefix}fault-notices`, JSON.stringify(forgedNotice('SITE-X', 'FORGED-1')), { qos: 1 });
    // the broker refuses the publish by closing the stranger's connection
    await closed;
    await report();
    expect(seen.map((f) => f.id)).not.toContain('FORGED-1');
    expect((await platform.http.get('/health')).status).toBe(200);
  });

  it('should count and drop malformed notices, even with the platform login, and stay up', async () => {
    const insider = await connectAsync(platformBrokerUrl(platform), { reconnectPeriod: 0 });
    clients.push(insider);
    const before = { invalid: await dropped('fault-notices', 'invalid'), json: await dropped('fault-notices', 'not-json'), status: await dropped('device-status', 'invalid') };
    // the notice that used to kill the platform: a fault without openedAt (TypeError … reading 'toISOString')
    await insider.publishAsync(`${prefix}fault-notices`, JSON.stringify({ origin: 'x', body: { type: 'opened', fault: { id: 'MALFORMED-1', siteId: 'S' } } }), { qos: 1 });
    await insider.publishAsync(`${prefix}fault-notices`, '{not json', { qos: 1 });
    await insider.publishAsync(`${prefix}device-status`, JSON.stringify({ origin: 'x', body: { changes: [{ deviceId: 'D', status: 'exploded' }] } }), { qos: 1 });
    await waitFor(async () => (await dropped('fault-notices', 'invalid')) > before.invalid);
    await waitFor(async () => (await dropped('fault-notices', 'not-json')) > before.json);
    await waitFor(async () => (await dropped('device-status', 'invalid')) > before.status);
    const siteId = await report();
    // a well-formed notice with the platform login is the platform's own: it is delivered (the broker's login is the boundary)
    await insider.publishAsync(`${prefix}fault-notices`, JSON.stringify(forgedNotice(siteId, uniqueId('INSIDER'))), { qos: 1 });
    await waitFor(async () => seen.some((f) => f.id.startsWith('INSIDER')));
    expect(seen.map((f) => f.id)).not.toContain('MALFORMED-1');
    expect((await platform.http.get('/health')).status).toBe(200);
    expect(socket.connected).toBe(true);
  });
});
