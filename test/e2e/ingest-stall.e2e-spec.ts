import { randomBytes } from 'node:crypto';
import { ConsoleAppModule } from '../../apps/console/src/console-app.module';
import { IngestAppModule } from '../../apps/ingest/src/ingest-app.module';
import { SchedulerAppModule } from '../../apps/scheduler/src/scheduler-app.module';
import { brokerTargets, databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet, platformBrokerUrl } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const targets = databaseTargets().flatMap((db) => brokerTargets().map((broker) => ({ name: `${db.name} + ${broker.name} broker`, db, broker })));

interface Health {
  status: number;
  ingest?: { status: string; message?: string };
}

// A split install: the console's and the scheduler's /health say whether any ingest process still handles device messages.
describe.each(targets)('ingest stall on the console and scheduler, $name', ({ db: dbTarget, broker }) => {
  let db: TestDatabase;
  let consoleApp: TestPlatform;
  let schedulerApp: TestPlatform;
  let ingestApp: TestPlatform | null = null;
  let fleet: DeviceFleet;
  // a short stall window, and snapshots every second so the window is seen within it
  const env = (tag: string) => ({ ...broker.env, VIGIL_INGEST_STALL_SEC: '3', VIGIL_INGEST_SNAPSHOT_SEC: '1', MQTT_CLIENT_ID: `${tag}-${randomBytes(4).toString('hex')}` });

  const health = async (app: TestPlatform): Promise<Health> => {
    const res = await app.http.get('/health');
    return { status: res.status, ingest: (res.body as { details?: Record<string, Health['ingest']> }).details?.ingest };
  };

  beforeAll(async () => {
    db = await dbTarget.create();
    consoleApp = await startTestPlatform(db, { mqttUrl: broker.url, module: ConsoleAppModule, env: env('c') });
    schedulerApp = await startTestPlatform(db, { mqttUrl: broker.url ?? platformBrokerUrl(consoleApp), module: SchedulerAppModule, env: env('s') });
  });

  afterAll(async () => {
    await fleet?.close();
    await ingestApp?.close();
    await schedulerApp?.close();
    await consoleApp?.close();
    await db?.drop();
  });

  it('should stay green on an estate where no device has reported yet, with no ingest running at all', async () => {
    const auth = { Authorization: `Bearer ${await consoleApp.login()}` };
    const siteId = (await consoleApp.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body.id;
    await consoleApp.http
      .post('/api/devices')
      .set(auth)
      .send({ id: uniqueId('CAM'), type: 'camera', siteId, heartbeatIntervalSec: 600 })
      .expect(201);
    // longer than the window: still nothing is expected to report
    await new Promise((resolve) => setTimeout(resolve, 3500));
    for (const app of [consoleApp, schedulerApp]) expect(await health(app)).toEqual({ status: 200, ingest: { status: 'up' } });
  });

  it('should turn red once no ingest process has handled a message for the window, and green again when one does', async () => {
    const auth = { Authorization: `Bearer ${await consoleApp.login()}` };
    const siteId = (await consoleApp.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body.id;
    const cam = (
      await consoleApp.http
        .post('/api/devices')
        .set(auth)
        .send({ id: uniqueId('CAM'), type: 'camera', siteId, heartbeatIntervalSec: 600 })
        .expect(201)
    ).body.id;
    ingestApp = await startTestPlatform(db, { mqttUrl: broker.url ?? platformBrokerUrl(consoleApp), module: IngestAppModule, env: { ...env('i'), VIGIL_INGEST_FLUSH_MS: '20' } });
    fleet = await DeviceFleet.connect(consoleApp);
    await fleet.heartbeat(cam);
    // the device is now expected to report (its last-seen time is stored with its first status)
    await waitFor(async () => (await consoleApp.http.get(`/api/devices/${cam}`).set(auth).expect(200)).body.status === 'online');
    for (const app of [consoleApp, schedulerApp]) expect(await health(app)).toEqual({ status: 200, ingest: { status: 'up' } });

    // the device falls silent; ingest runs on but handles nothing
    for (const app of [consoleApp, schedulerApp]) {
      const red = await waitFor(async () => {
        const h = await health(app);
        return h.status === 503 && h;
      });
      expect(red.ingest).toEqual({ status: 'down', message: expect.stringMatching(/no ingest process has handled a device message for 3 s/) });
    }
    // a message handled: green at the next snapshot
    await fleet.heartbeat(cam);
    for (const app of [consoleApp, schedulerApp]) await waitFor(async () => (await health(app)).status === 200);

    // the only ingest process stops: red again within the window, with why
    await ingestApp.close();
    ingestApp = null;
    for (const app of [consoleApp, schedulerApp]) {
      const red = await waitFor(async () => {
        const h = await health(app);
        return h.status === 503 && h;
      });
      expect(red.ingest?.message).toMatch(/no ingest process has reported for 3 s/);
    }
  }, 60_000);
});
