import { DiscoveredDeviceRepository, type DiscoveredDevice } from '@vigil/application';
import { MAX_DISCOVERED } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

const minute = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, n));
const heard = (id: string, messages: number, at: Date): DiscoveredDevice => ({ id, firstSeenAt: at, lastSeenAt: at, messages, lastTopic: `vigil/v1/devices/${id}/heartbeat` });
const strangers = (prefix: string, at: Date) => Array.from({ length: MAX_DISCOVERED }, (_, i) => heard(`${prefix}-${i}`, 1, at));

describe.each(databaseTargets())('discovered devices on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { mqttUrl: null });
    admin = { Authorization: `Bearer ${await platform.login()}` };
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  const listed = async (): Promise<{ items: { id: string; messages: number }[]; total: number }> => (await platform.http.get('/api/ingest/discovered').set(admin).expect(200)).body;

  it('should keep devices heard repeatedly when strangers heard once fill the list, and stay bounded', async () => {
    const discoveries = platform.app.get(DiscoveredDeviceRepository);
    const real = ['DVR-NEW-1', 'DVR-NEW-2', 'NVR-NEW-3'];
    await discoveries.record(strangers('JUNK-A', minute(0)));
    // a full list still takes new devices: the oldest strangers heard once make room
    await discoveries.record(real.map((id) => heard(id, 3, minute(1))));
    let list = await listed();
    expect(list.total).toBe(MAX_DISCOVERED);
    expect(list.items.slice(0, 3).map((d) => [d.id, d.messages])).toEqual(real.map((id) => [id, 3]));

    // a second flood of newer strangers pushes out the first, never the devices heard three times
    await discoveries.record(strangers('JUNK-B', minute(2)));
    list = await listed();
    expect(list.total).toBe(MAX_DISCOVERED);
    expect(list.items.slice(0, 3).map((d) => d.id)).toEqual(real);
    expect(list.items.filter((d) => d.id.startsWith('JUNK-A'))).toEqual([]);

    // heard again: the count goes on from where it was
    await discoveries.record([heard('NVR-NEW-3', 2, minute(3))]);
    expect((await listed()).items[0]).toMatchObject({ id: 'NVR-NEW-3', messages: 5, lastSeenAt: minute(3).toISOString() });
  });
});
