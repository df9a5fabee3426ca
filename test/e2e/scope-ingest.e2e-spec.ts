import { randomBytes } from 'node:crypto';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { brokerUrlOf, DeviceClient } from '../support/device-client';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { twoCustomers, type TwoCustomers } from '../support/two-customers';
import { waitFor } from '../support/wait-for';

interface Drop {
  topic: string;
  payload: string;
}

describe.each(databaseTargets())('ingest diagnostics by scope on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let t: TwoCustomers;
  let device: DeviceClient;
  const stranger = `STRANGER-${randomBytes(3).toString('hex')}`;
  const marker = randomBytes(4).toString('hex');

  beforeAll(async () => {
    db = await target.create();
    // the lab switch: bad topics and unknown ids are what this suite sends, and a broker that checks logins refuses them
    platform = await startTestPlatform(db, { env: { VIGIL_MQTT_AUTH: 'off', MQTT_CLIENT_ID: `t-${randomBytes(4).toString('hex')}` } });
    t = await twoCustomers(platform);
    device = await DeviceClient.connect(brokerUrlOf(platform));
    // one broken message each: of A's device, of B's device, of an id nobody registered, on a topic of no device
    await device.raw(`vigil/v1/devices/${t.a.deviceId}/heartbeat`, `{A ${marker}`);
    await device.raw(`vigil/v1/devices/${t.b.deviceId}/heartbeat`, `{B ${marker}`);
    await device.heartbeat(stranger, { note: marker });
    await device.raw('vigil/v1/devices/bad!id/heartbeat', `{nobody ${marker}`);
    await waitFor(async () => (await droppedAs(t.admin)).filter((d) => d.payload.includes(marker)).length === 4 || null);
  });

  afterAll(async () => {
    await device?.close();
    await platform?.close();
    await db?.drop();
  });

  async function droppedAs(auth: { Authorization: string }): Promise<Drop[]> {
    return (await platform.http.get('/api/ingest/dropped').set(auth).expect(200)).body.items;
  }

  it('should show the counts to everyone signed in', async () => {
    for (const role of ['admin', 'supervisor', 'operator', 'engineer', 'auditor'] as const) {
      const stats = (await platform.http.get('/api/ingest/stats').set(t.ofB[role]).expect(200)).body;
      expect(stats.totals['dropped:not-json']).toBeGreaterThanOrEqual(2);
    }
  });

  it('should show a scoped user the dropped messages of its devices only, and an unscoped one all of them', async () => {
    for (const role of ['supervisor', 'operator', 'auditor'] as const) {
      const mine = (await droppedAs(t.ofB[role])).filter((d) => d.payload.includes(marker));
      expect([role, mine.map((d) => d.topic)]).toEqual([role, [`vigil/v1/devices/${t.b.deviceId}/heartbeat`]]);
    }
    const all = (await droppedAs(t.admin)).filter((d) => d.payload.includes(marker)).map((d) => d.topic);
    expect(all).toEqual(expect.arrayContaining([`vigil/v1/devices/${t.a.deviceId}/heartbeat`, `vigil/v1/devices/${stranger}/heartbeat`, 'vigil/v1/devices/bad!id/heartbeat']));
  });

  it('should list discovered ids to unscoped users only, and let only unscoped managers forget them', async () => {
    const discovered = async (auth: { Authorization: string }) => (await platform.http.get('/api/ingest/discovered').set(auth).expect(200)).body;
    await waitFor(async () => (await discovered(t.admin)).items.some((d: { id: string }) => d.id === stranger));
    expect(await discovered(t.ofB.supervisor)).toEqual({ items: [], total: 0 });
    await platform.http.delete(`/api/ingest/discovered/${stranger}`).set(t.ofB.supervisor).expect(403);
    expect((await discovered(t.admin)).items.map((d: { id: string }) => d.id)).toContain(stranger);
    await platform.http.delete(`/api/ingest/discovered/${stranger}`).set(t.admin).expect(204);
    expect((await discovered(t.admin)).items.map((d: { id: string }) => d.id)).not.toContain(stranger);
  });
});
