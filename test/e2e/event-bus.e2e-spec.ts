import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DeviceEventBus, IngestService } from '@vigil/application';
import type { StoredDeviceEvent } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet, platformBrokerUrl } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const env = () => ({ VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `e-${randomBytes(4).toString('hex')}` });

describe.each(databaseTargets())('device events across consumers and processes on $name', (target) => {
  let db: TestDatabase;
  let a: TestPlatform;
  let b: TestPlatform;
  let auth: { Authorization: string };
  let device: DeviceFleet;
  let siteId: string;

  beforeAll(async () => {
    db = await target.create();
    a = await startTestPlatform(db, { env: env() });
    // The second process shares the first one's database and broker (and its broker login), as two scaled-out processes would.
    b = await startTestPlatform(db, { mqttUrl: platformBrokerUrl(a), env: env() });
    auth = { Authorization: `Bearer ${await a.login()}` };
    device = await DeviceFleet.connect(a);
    siteId = (await a.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body.id;
  });

  afterAll(async () => {
    await device?.close();
    await b?.close();
    await a?.close();
    await db?.drop();
  });

  it('should tell the other process about a device registered here', async () => {
    const id = uniqueId('CAM');
    await a.http.post('/api/devices').set(auth).send({ id, type: 'camera', siteId }).expect(201);
    await waitFor(async () => b.app.get(IngestService).stateOf(id) !== undefined);
  });

  it('should give every consumer group every event once, in order', async () => {
    const seen: Record<string, StoredDeviceEvent[]> = { faults: [], dashboard: [] };
    const groups = Object.keys(seen).map((g) => `${g}-${randomBytes(3).toString('hex')}`);
    const consumers = groups.map((g, i) => a.app.get(DeviceEventBus).consume(g, async (events) => void seen[Object.keys(seen)[i]].push(...events)));
    try {
      const id = uniqueId('DVR');
      await a.http.post('/api/devices').set(auth).send({ id, type: 'dvr', siteId, heartbeatIntervalSec: 60 }).expect(201);
      await waitFor(async () => a.app.get(IngestService).stateOf(id) !== undefined && b.app.get(IngestService).stateOf(id) !== undefined);
      await device.heartbeat(id, { health: { disks: [{ id: '1', state: 'failed' }] } });
      await device.heartbeat(id, { health: { disks: [{ id: '1', state: 'ok' }] } });
      const mine = (list: StoredDeviceEvent[]) => list.filter((e) => e.deviceId === id).map((e) => e.change.kind);
      // both groups read the same log at their own pace: compare them once each has caught up with the other
      await waitFor(async () => mine(seen.faults).length >= 4 && mine(seen.faults).length === mine(seen.dashboard).length);
      for (const list of Object.values(seen)) {
        const ids = list.map((e) => e.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual([...ids].sort((x, y) => x - y));
      }
      expect(mine(seen.faults)).toEqual(mine(seen.dashboard));
    } finally {
      consumers.forEach((c) => c.stop());
    }
  });

  (target.name === 'postgres' ? it : it.skip)('should split one group between two processes without handling an event twice (PostgreSQL)', async () => {
    const group = `faults-${randomBytes(3).toString('hex')}`;
    const handled: number[] = [];
    const consumers = [a, b].map((p) => p.app.get(DeviceEventBus).consume(group, async (events) => void handled.push(...events.map((e) => e.id)), { pollMs: 20 }));
    try {
      const ids = await Promise.all(
        [1, 2, 3, 4, 5].map(async () => {
          const id = uniqueId('CAM');
          await a.http.post('/api/devices').set(auth).send({ id, type: 'camera', siteId, heartbeatIntervalSec: 60 }).expect(201);
          return id;
        }),
      );
      await waitFor(async () => ids.every((id) => a.app.get(IngestService).stateOf(id) !== undefined));
      for (const id of ids) await device.heartbeat(id, { health: { tamper: true } });
      const logged = async () =>
        Number((await a.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM device_events WHERE "deviceId" IN (${ids.map((id) => `'${id}'`).join(',')})`))[0].n);
      await waitFor(async () => (await logged()) >= ids.length * 2);
      const mine = async () =>
        (await a.app.get(DataSource).query(`SELECT id FROM device_events WHERE "deviceId" IN (${ids.map((id) => `'${id}'`).join(',')})`)).map((r: { id: number }) => Number(r.id));
      await waitFor(async () => {
        const want = await mine();
        return want.every((id: number) => handled.includes(id));
      });
      expect(new Set(handled).size).toBe(handled.length);
    } finally {
      consumers.forEach((c) => c.stop());
    }
  });
});
