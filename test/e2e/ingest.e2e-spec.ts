import { randomBytes } from 'node:crypto';
import { DeviceEventLog, DeviceRepository, IngestService, OnlineHistoryRepository, RetentionService } from '@vigil/application';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { brokerTargets, databaseTargets, type TestDatabase } from '../support/databases';
import { brokerUrlOf, DeviceClient } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const targets = databaseTargets().flatMap((db) => brokerTargets().map((broker) => ({ name: `${db.name} + ${broker.name} broker`, db, broker })));

describe.each(targets)('heartbeat ingest on $name', ({ db: dbTarget, broker }) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let auth: { Authorization: string };
  let device: DeviceClient;
  let siteId: string;
  // The lab switch: these tests send what a broker checking logins refuses (bad topics, unknown devices), to test
  // ingest's own checks, which still guard a broker whose ACLs are kept by hand. Logins: mqtt-auth.e2e-spec.ts.
  const env = { ...broker.env, VIGIL_MQTT_AUTH: 'off', VIGIL_MISSED_HEARTBEATS: '2', VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `t-${randomBytes(4).toString('hex')}` };

  beforeAll(async () => {
    db = await dbTarget.create();
    platform = await startTestPlatform(db, { mqttUrl: broker.url, env });
    auth = { Authorization: `Bearer ${await platform.login()}` };
    device = await DeviceClient.connect(brokerUrlOf(platform));
    siteId = (await platform.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body.id;
  });

  afterAll(async () => {
    await device?.close();
    await platform?.close();
    await db?.drop();
  });

  async function register(type: string, intervalSec = 1): Promise<string> {
    const id = uniqueId(type.toUpperCase());
    await platform.http.post('/api/devices').set(auth).send({ id, type, siteId, heartbeatIntervalSec: intervalSec }).expect(201);
    await waitFor(async () => platform.app.get(IngestService).stateOf(id) !== undefined);
    return id;
  }

  const read = async (id: string) => (await platform.http.get(`/api/devices/${id}`).set(auth).expect(200)).body;
  const until = (id: string, check: (d: Record<string, any>) => boolean) =>
    waitFor(async () => {
      const d = await read(id);
      return check(d) && d;
    });
  const dropped = async (reason: string) => {
    const text = (await platform.http.get('/metrics')).text;
    return Number(new RegExp(`vigil_ingest_dropped_total\\{reason="${reason}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  };

  it('should bring a device online, notice its silence, and bring it back', async () => {
    const id = await register('dvr');
    await device.heartbeat(id, { type: 'dvr' });
    const online = await until(id, (d) => d.status === 'online');
    expect(online.conditions).toEqual([]);
    const offline = await until(id, (d) => d.status === 'offline');
    expect(offline.conditions).toEqual([{ kind: 'offline' }]);
    await device.heartbeat(id);
    await until(id, (d) => d.status === 'online');
    const history = await platform.app.get(IngestService).stateOf(id);
    expect(history?.status).toBe('online');
  });

  it('should take a device offline at once on its offline status message', async () => {
    const id = await register('camera', 60);
    await device.heartbeat(id);
    await until(id, (d) => d.status === 'online');
    await device.raw(`vigil/v1/devices/${id}/status`, 'offline');
    await until(id, (d) => d.status === 'offline');
  });

  it.each([
    [
      'dvr',
      { disks: [{ id: '2', state: 'failed' }], channels: [{ ch: 3, recording: false, videoLoss: true }] },
      [
        { kind: 'disk-failed', subject: '2' },
        { kind: 'channel-not-recording', subject: '3' },
        { kind: 'video-loss', subject: '3' },
      ],
    ],
    ['dvr', { disks: [{ id: '1', state: 'warning' }] }, [{ kind: 'disk-warning', subject: '1' }]],
    ['camera', { video: 'lost', tamper: true, ptz: 'fault' }, [{ kind: 'video-loss' }, { kind: 'tamper' }, { kind: 'ptz-fault' }]],
    ['switch', { ports: [{ port: 7, up: false }], uplinkUp: false, tempC: 75 }, [{ kind: 'port-down', subject: '7' }, { kind: 'uplink-down' }, { kind: 'temperature-high' }]],
    ['server', { cpuPct: 10, diskPct: 20, services: [{ name: 'backup', up: false }] }, [{ kind: 'service-down', subject: 'backup' }]],
  ])('should derive the conditions of a %s from its health', async (type, health, conditions) => {
    const id = await register(type, 60);
    await device.heartbeat(id, { health });
    const d = await until(id, (x) => x.status === 'degraded');
    expect(d.conditions).toEqual(conditions);
  });

  it('should ignore a repeated seq and keep the state the first message made', async () => {
    const id = await register('camera', 60);
    const ts = new Date().toISOString();
    await device.raw(`vigil/v1/devices/${id}/heartbeat`, JSON.stringify({ ts, seq: 7, health: { video: 'ok' } }));
    await until(id, (d) => d.status === 'online');
    await device.raw(`vigil/v1/devices/${id}/heartbeat`, JSON.stringify({ ts, seq: 7, health: { video: 'lost' } }));
    await device.raw(`vigil/v1/devices/${id}/heartbeat`, JSON.stringify({ ts: new Date(Date.now() - 60_000).toISOString(), seq: 6, health: { video: 'lost' } }));
    const marker = await register('camera', 60);
    await device.heartbeat(marker);
    await until(marker, (d) => d.status === 'online');
    expect((await read(id)).status).toBe('online');
  });

  it('should drop and count every kind of bad message, and keep serving other devices', async () => {
    const id = await register('dvr', 60);
    await device.heartbeat(id);
    await until(id, (d) => d.status === 'online');
    const cases: [string, string | Buffer, string][] = [
      [`vigil/v1/devices/${id}/heartbeat`, '{not json', 'not-json'],
      [`vigil/v1/devices/${id}/heartbeat`, '[1,2,3]', 'not-object'],
      [`vigil/v1/devices/${id}/heartbeat`, Buffer.alloc(17 * 1024, 0x20), 'too-large'],
      [`vigil/v1/devices/${id}/heartbeat`, JSON.stringify({ ts: 'yesterday' }), 'invalid-field'],
      [`vigil/v1/devices/${id}/heartbeat`, JSON.stringify({ ts: new Date().toISOString(), type: 'camera' }), 'type-mismatch'],
      [`vigil/v1/devices/${id}/heartbeat`, Buffer.from([0xff, 0xfe]), 'not-utf8'],
      [`vigil/v1/devices/${id}/status`, 'sleepy', 'bad-status'],
      ['vigil/v1/devices/bad!id/heartbeat', '{}', 'bad-topic'],
      [`vigil/v1/devices/NOBODY-${randomBytes(3).toString('hex')}/heartbeat`, JSON.stringify({ ts: new Date().toISOString() }), 'unknown-device'],
    ];
    const before = Object.fromEntries(await Promise.all(cases.map(async ([, , r]) => [r, await dropped(r)] as const)));
    for (const [topic, payload] of cases) await device.raw(topic, payload);
    const other = await register('camera', 60);
    await device.heartbeat(other);
    await until(other, (d) => d.status === 'online');
    for (const [, , reason] of cases) await waitFor(async () => (await dropped(reason)) > before[reason]);
    expect((await read(id)).status).toBe('online');
    const drops = (await platform.http.get('/api/ingest/dropped').set(auth).expect(200)).body.items;
    expect(drops[0]).toEqual(expect.objectContaining({ reason: expect.any(String), detail: expect.any(String), topic: expect.any(String) }));
  });

  it('should record firmware changes and status changes in the device history', async () => {
    const id = await register('nvr', 60);
    await device.heartbeat(id, { fw: 'V4.22.005' });
    await until(id, (d) => d.status === 'online');
    await device.heartbeat(id, { fw: 'V4.30.000' });
    await until(id, (d) => d.firmware === 'V4.30.000');
    const history = (await platform.http.get(`/api/devices/${id}/history`).set(auth).expect(200)).body.items;
    expect(history.map((e: { change: { kind: string } }) => e.change.kind)).toEqual(['firmware-changed', 'firmware-changed', 'status-changed']);
    expect(history[0].change).toEqual({ kind: 'firmware-changed', from: 'V4.22.005', to: 'V4.30.000' });
  });

  it('should keep online time per device and hour and answer the online rate', async () => {
    const id = await register('camera', 60);
    await device.heartbeat(id);
    await until(id, (d) => d.status === 'online');
    const ingest = platform.app.get(IngestService);
    ingest.accountOnlineTime(new Date(Date.now() + 30_000));
    await ingest.flush();
    const report = (await platform.http.get(`/api/devices/${id}/online`).set(auth).expect(200)).body;
    expect(report.onlineRate).toBe(1);
    expect(report.hours[0]).toMatchObject({ deviceId: id });
    expect(report.hours[0].onlineSec).toBeGreaterThanOrEqual(29);
    expect((await platform.http.get(`/api/devices/${id}/online?from=nonsense`).set(auth)).status).toBe(400);

    const config = platform.app.get<VigilConfig>(VIGIL_CONFIG);
    const keep = new RetentionService(config, { now: () => new Date(Date.now() + 3600_000) }, platform.app.get(OnlineHistoryRepository), platform.app.get(DeviceEventLog));
    expect(await keep.purgeDeviceEvents()).toBe(0);
    expect(await keep.purgeOnlineHistory()).toBe(0);
    const later = new Date(Date.now() + (config.onlineHistoryDays + 1) * 24 * 3600_000);
    const purge = new RetentionService(config, { now: () => later }, platform.app.get(OnlineHistoryRepository), platform.app.get(DeviceEventLog));
    expect(await purge.purgeOnlineHistory()).toBeGreaterThanOrEqual(1);
    expect((await platform.http.get(`/api/devices/${id}/online`).set(auth).expect(200)).body.hours).toEqual([]);
    // history goes only once every consumer group (here the fault engine) has handled it
    await waitFor(async () => {
      await purge.purgeDeviceEvents();
      return (await platform.http.get(`/api/devices/${id}/history`).set(auth).expect(200)).body.items.length === 0;
    });
  });

  it('should not lose the first heartbeat of a device registered by another process before the notice arrives', async () => {
    const id = uniqueId('CAM');
    const now = new Date();
    // written straight to the register, as another console process would, with no notice to this ingest
    await platform.app.get(DeviceRepository).insert({
      id,
      type: 'camera',
      siteId,
      name: null,
      model: null,
      serial: null,
      firmware: null,
      parentId: null,
      heartbeatIntervalSec: 60,
      criticality: 'normal',
      installedAt: null,
      warrantyUntil: null,
      status: 'unknown',
      lastSeenAt: null,
      conditions: [],
      createdAt: now,
      updatedAt: now,
    });
    expect(platform.app.get(IngestService).stateOf(id)).toBeUndefined();
    await device.heartbeat(id, { health: { video: 'lost' } });
    const seen = await until(id, (d) => d.status === 'degraded');
    expect(seen.conditions).toEqual([{ kind: 'video-loss' }]);
  });

  it('should list an unknown device id as discovered', async () => {
    const stranger = `STRANGER-${randomBytes(3).toString('hex')}`;
    await device.heartbeat(stranger);
    const found = await waitFor(async () => {
      const items = (await platform.http.get('/api/ingest/discovered').set(auth).expect(200)).body.items as { id: string; messages: number }[];
      return items.find((d) => d.id === stranger);
    });
    expect(found.messages).toBe(1);
  });
});
