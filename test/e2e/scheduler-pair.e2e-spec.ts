import { randomBytes } from 'node:crypto';
import { ConsoleAppModule } from '../../apps/console/src/console-app.module';
import { IngestAppModule } from '../../apps/ingest/src/ingest-app.module';
import { SchedulerAppModule } from '../../apps/scheduler/src/scheduler-app.module';
import { brokerTargets, databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet, platformBrokerUrl } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

// several schedulers need PostgreSQL (row locks): on SQLite there is one scheduler by design
const targets = databaseTargets()
  .filter((db) => db.name === 'postgres')
  .flatMap((db) => brokerTargets().map((broker) => ({ name: `${db.name} + ${broker.name} broker`, db, broker })));
const DEVICES = 20;

interface FaultRow {
  id: string;
  deviceId: string;
  kind: string;
  state: string;
}

// Two schedulers share one event log: each device event takes effect once, so no fault is opened or cleared twice.
(targets.length > 0 ? describe.each(targets) : describe.skip.each([{ name: 'postgres (TEST_DATABASE_URL unset)' } as (typeof targets)[number]]))(
  'two scheduler processes on $name',
  ({ db: dbTarget, broker }) => {
    let db: TestDatabase;
    const apps: TestPlatform[] = [];
    let fleet: DeviceFleet;
    const env = (tag: string) => ({ ...broker.env, VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `${tag}-${randomBytes(4).toString('hex')}` });

    beforeAll(async () => {
      db = await dbTarget.create();
      const consoleApp = await startTestPlatform(db, { mqttUrl: broker.url, module: ConsoleAppModule, env: env('c') });
      apps.push(consoleApp);
      const url = broker.url ?? platformBrokerUrl(consoleApp);
      apps.push(await startTestPlatform(db, { mqttUrl: url, module: IngestAppModule, env: env('i') }));
      for (const tag of ['s1', 's2']) apps.push(await startTestPlatform(db, { mqttUrl: url, module: SchedulerAppModule, env: env(tag) }));
      fleet = await DeviceFleet.connect(consoleApp);
    });

    afterAll(async () => {
      await fleet?.close();
      for (const app of apps.reverse()) await app.close();
      await db?.drop();
    });

    it('should open and clear each device fault exactly once, however the events fall between the two', async () => {
      const [consoleApp] = apps;
      const admin = { Authorization: `Bearer ${await consoleApp.login()}` };
      const siteId = (await consoleApp.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body.id;
      const cams: string[] = [];
      for (let i = 0; i < DEVICES; i++)
        cams.push(
          (
            await consoleApp.http
              .post('/api/devices')
              .set(admin)
              .send({ id: uniqueId('CAM'), type: 'camera', siteId, heartbeatIntervalSec: 600 })
              .expect(201)
          ).body.id,
        );
      // each camera: video lost, back, lost again, as fast as the broker takes them; both schedulers poll the same log
      for (const video of ['lost', 'ok', 'lost']) await Promise.all(cams.map((cam) => fleet.heartbeat(cam, { health: { video } })));
      const faultsOf = async (): Promise<FaultRow[]> =>
        (await consoleApp.http.get(`/api/faults?siteId=${siteId}&kind=video-loss&limit=200`).set(admin).expect(200)).body.items as FaultRow[];
      await waitFor(async () => {
        const rows = await faultsOf();
        return cams.every((cam) => rows.some((f) => f.deviceId === cam && f.state === 'open') && rows.some((f) => f.deviceId === cam && f.state !== 'open'));
      }, 30_000);
      // whatever a doubled event would do has had time to happen
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const rows = await faultsOf();
      for (const cam of cams)
        expect(
          rows
            .filter((f) => f.deviceId === cam)
            .map((f) => f.state)
            .sort(),
        ).toEqual(['closed', 'open']);
    }, 60_000);
  },
);
