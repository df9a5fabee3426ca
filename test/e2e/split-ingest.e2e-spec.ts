import { randomBytes } from 'node:crypto';
import { SiteVideoProfiles } from '@vigil/application';
import { ConsoleAppModule } from '../../apps/console/src/console-app.module';
import { IngestAppModule } from '../../apps/ingest/src/ingest-app.module';
import { brokerTargets, databaseTargets, type TestDatabase } from '../support/databases';
import { brokerUrlOf, DeviceClient, platformBrokerUrl } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const targets = databaseTargets().flatMap((db) => brokerTargets().map((broker) => ({ name: `${db.name} + ${broker.name} broker`, db, broker })));

// A load balancer may send /api/ingest/* to a console process: it answers with the ingest processes' figures.
describe.each(targets)('ingest diagnostics on a split deployment, $name', ({ db: dbTarget, broker }) => {
  let db: TestDatabase;
  let consoleApp: TestPlatform;
  let ingestApp: TestPlatform;
  let device: DeviceClient;
  let auth: { Authorization: string };
  // the lab switch, so a stranger's id and a bad payload reach ingest's own checks
  const env = { ...broker.env, VIGIL_MQTT_AUTH: 'off', VIGIL_INGEST_SNAPSHOT_SEC: '1' };

  beforeAll(async () => {
    db = await dbTarget.create();
    consoleApp = await startTestPlatform(db, { mqttUrl: broker.url, module: ConsoleAppModule, env: { ...env, MQTT_CLIENT_ID: `c-${randomBytes(4).toString('hex')}` } });
    ingestApp = await startTestPlatform(db, {
      mqttUrl: broker.url ?? platformBrokerUrl(consoleApp),
      module: IngestAppModule,
      env: { ...env, MQTT_CLIENT_ID: `i-${randomBytes(4).toString('hex')}` },
    });
    auth = { Authorization: `Bearer ${await consoleApp.login()}` };
    device = await DeviceClient.connect(brokerUrlOf(consoleApp));
  });

  afterAll(async () => {
    await device?.close();
    await ingestApp?.close();
    await consoleApp?.close();
    await db?.drop();
  });

  it('should answer /api/ingest/* on the console process with what the ingest process counted', async () => {
    await consoleApp.http.get('/api/ingest/stats').expect(401);
    const siteId = (await consoleApp.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body.id;
    await consoleApp.http
      .post('/api/devices')
      .set(auth)
      .send({ id: uniqueId('DVR'), type: 'dvr', siteId })
      .expect(201);
    const stranger = uniqueId('STRANGER');
    const marker = `split-${randomBytes(4).toString('hex')}`;
    await device.raw(`vigil/v1/devices/${stranger}/heartbeat`, JSON.stringify({ ts: new Date().toISOString(), marker }));

    const statsOf = async (app: TestPlatform) => (await app.http.get('/api/ingest/stats').set(auth).expect(200)).body;
    const fromIngest = await waitFor(async () => {
      const s = await statsOf(ingestApp);
      return s.totals['dropped:unknown-device'] >= 1 && s;
    });
    expect(fromIngest).toMatchObject({ processes: 1, trackedDevices: 1 });
    // the console reads the ingest process's snapshot: its figures, at least as far as the ingest had counted them
    // (on a shared broker other suites' strangers keep arriving, so the counts may have moved on meanwhile)
    const fromConsole = await waitFor(async () => {
      const s = await statsOf(consoleApp);
      return s.totals['dropped:unknown-device'] >= fromIngest.totals['dropped:unknown-device'] && s;
    });
    expect(fromConsole).toMatchObject({ processes: 1, trackedDevices: 1 });
    expect(Object.keys(fromConsole.totals).sort()).toEqual(Object.keys(fromIngest.totals).sort());

    const drops = await waitFor(async () => {
      const items = (await consoleApp.http.get('/api/ingest/dropped').set(auth).expect(200)).body.items as { topic: string; reason: string; payload: string }[];
      const mine = items.filter((d) => d.payload.includes(marker));
      return mine.length > 0 && mine;
    });
    expect(drops).toEqual([expect.objectContaining({ topic: `vigil/v1/devices/${stranger}/heartbeat`, reason: 'unknown-device' })]);
    const discovered = await waitFor(async () => {
      const items = (await consoleApp.http.get('/api/ingest/discovered').set(auth).expect(200)).body.items as { id: string }[];
      return items.some((d) => d.id === stranger) && items;
    });
    expect(discovered.map((d) => d.id)).toContain(stranger);
  });

  it("should tell the ingest process of a site's new class at once, well before its minutely reread ([14])", async () => {
    const profiles = ingestApp.app.get(SiteVideoProfiles);
    const siteId = (
      await consoleApp.http
        .post('/api/sites')
        .set(auth)
        .send({ ...makeSite(), siteClass: 'bank', timeZone: 'Europe/Berlin' })
        .expect(201)
    ).body.id;
    await waitFor(async () => profiles.profileOf(siteId).siteClass === 'bank' && profiles.profileOf(siteId).timeZone === 'Europe/Berlin', 15_000);
    await consoleApp.http.patch(`/api/sites/${siteId}`).set(auth).send({ siteClass: 'hotel' }).expect(200);
    await waitFor(async () => profiles.profileOf(siteId).siteClass === 'hotel', 15_000);
  });

  it('should stop counting an ingest process once it has stopped', async () => {
    const other = await startTestPlatform(db, {
      mqttUrl: broker.url ?? platformBrokerUrl(consoleApp),
      module: IngestAppModule,
      env: { ...env, MQTT_CLIENT_ID: `j-${randomBytes(4).toString('hex')}` },
    });
    const processes = async () => (await consoleApp.http.get('/api/ingest/stats').set(auth).expect(200)).body.processes;
    await waitFor(async () => (await processes()) === 2);
    await other.close();
    expect(await processes()).toBe(1);
  });
});
