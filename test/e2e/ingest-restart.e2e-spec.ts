import { randomBytes } from 'node:crypto';
import { brokerTargets, databaseTargets, type TestDatabase } from '../support/databases';
import { IngestService } from '@vigil/application';
import { EMBEDDED_BROKER, type EmbeddedBroker } from '@vigil/messaging';
import { DeviceClient } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

describe.each(databaseTargets())('ingest across a restart on $name', (dbTarget) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await dbTarget.create();
  });

  afterAll(async () => {
    await db?.drop();
  });

  async function readStatus(platform: TestPlatform, id: string): Promise<string> {
    const auth = { Authorization: `Bearer ${await platform.login()}` };
    return (await platform.http.get(`/api/devices/${id}`).set(auth).expect(200)).body.status;
  }

  it('should keep state across a restart, raise no false offline at start, and still catch a device that died meanwhile', async () => {
    const env = { VIGIL_MISSED_HEARTBEATS: '2', VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `r-${randomBytes(4).toString('hex')}` };
    const first = await startTestPlatform(db, { env });
    const auth = { Authorization: `Bearer ${await first.login()}` };
    const siteId = (await first.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body.id;
    const id = uniqueId('DVR');
    await first.http.post('/api/devices').set(auth).send({ id, type: 'dvr', siteId, heartbeatIntervalSec: 2 }).expect(201);
    const device = await DeviceClient.asDevice(first, id);
    await waitFor(async () => {
      await device.heartbeat(id, { health: { disks: [{ id: '1', state: 'warning' }] } });
      return (await readStatus(first, id)) === 'degraded';
    });
    await device.close();
    await first.close();

    // timed from before the restart: ingest resumes the device's window when it starts, never earlier
    const started = Date.now();
    const second = await startTestPlatform(db, { env });
    try {
      expect(await readStatus(second, id)).toBe('degraded');
      await waitFor(async () => (await readStatus(second, id)) === 'offline', 15_000);
      // one window (2 × 2 s) after the restart, not at once
      expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    } finally {
      await second.close();
    }
  }, 30_000);

  it('should hold liveness still while its broker is away, and resume it when the broker is back', async () => {
    const env = { VIGIL_MISSED_HEARTBEATS: '2', VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `l-${randomBytes(4).toString('hex')}` };
    const platform = await startTestPlatform(db, { env });
    const broker = platform.app.get<EmbeddedBroker>(EMBEDDED_BROKER);
    const port = broker.port;
    try {
      const auth = { Authorization: `Bearer ${await platform.login()}` };
      const siteId = (await platform.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body.id;
      const id = uniqueId('CAM');
      await platform.http.post('/api/devices').set(auth).send({ id, type: 'camera', siteId, heartbeatIntervalSec: 1 }).expect(201);
      let device = await DeviceClient.asDevice(platform, id);
      await waitFor(async () => {
        await device.heartbeat(id, { health: { video: 'ok' } });
        return (await readStatus(platform, id)) === 'online';
      });
      await device.close();
      await broker.stop();
      await waitFor(async () => (await platform.http.get('/health')).status === 503);
      // a liveness tick three windows (2 × 1 s) into the outage: the camera's silence is the broker's, not the camera's
      const ingest = platform.app.get(IngestService);
      ingest.checkLiveness(new Date(Date.now() + 6_000));
      await ingest.flush();
      expect(await readStatus(platform, id)).toBe('online');
      await broker.start(port);
      await waitFor(async () => (await platform.http.get('/health')).status === 200, 15_000);
      const seenBefore = ingest.stateOf(id)?.lastSeenAt;
      device = await DeviceClient.asDevice(platform, id);
      await device.heartbeat(id, { seq: 1000, health: { video: 'ok' } });
      await device.close();
      // ingest is subscribed again: the heartbeat after the outage is taken
      await waitFor(async () => ingest.stateOf(id)?.lastSeenAt !== seenBefore);
      expect(await readStatus(platform, id)).toBe('online');
      // and liveness works again: silence now is the camera's own
      await waitFor(async () => (await readStatus(platform, id)) === 'offline', 10_000);
    } finally {
      await platform.close();
    }
  }, 60_000);

  const external = brokerTargets().find((b) => b.url !== null);
  (external ? it : it.skip)(
    'should receive on restart what the broker queued while ingest was away, and not take a live device offline for a replayed Last Will (external broker)',
    async () => {
      const env = { ...external!.env, VIGIL_MISSED_HEARTBEATS: '3', VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `q-${randomBytes(4).toString('hex')}` };
      const id = uniqueId('CAM');
      const marker = uniqueId('CAM');
      const device = await DeviceClient.connect(external!.url!);
      // a Last Will left retained from an earlier connection of the camera: the broker replays it on every subscribe
      await device.client.publishAsync(`vigil/v1/devices/${id}/status`, 'offline', { qos: 1, retain: true });
      const first = await startTestPlatform(db, { mqttUrl: external!.url, env });
      const auth = { Authorization: `Bearer ${await first.login()}` };
      const siteId = (await first.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body.id;
      await first.http.post('/api/devices').set(auth).send({ id, type: 'camera', siteId, heartbeatIntervalSec: 60 }).expect(201);
      await first.http.post('/api/devices').set(auth).send({ id: marker, type: 'camera', siteId, heartbeatIntervalSec: 60 }).expect(201);
      try {
        await waitFor(async () => {
          await device.heartbeat(id, { health: { video: 'ok' } });
          return (await readStatus(first, id)) === 'online';
        });
        await first.close();
        // queued for ingest's persistent session while it is away
        await device.heartbeat(id, { health: { video: 'lost' } });
        const second = await startTestPlatform(db, { mqttUrl: external!.url, env });
        try {
          await waitFor(async () => (await readStatus(second, id)) === 'degraded');
          // the replayed Last Will came with the subscription, before anything published now: once this is taken, it was too
          await device.heartbeat(marker, { health: { video: 'ok' } });
          await waitFor(async () => (await readStatus(second, marker)) === 'online');
          expect(await readStatus(second, id)).toBe('degraded');
        } finally {
          await second.close();
        }
      } finally {
        await device.client.publishAsync(`vigil/v1/devices/${id}/status`, '', { qos: 1, retain: true });
        await device.close();
      }
    },
  );
});
