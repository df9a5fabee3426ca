import { connectAsync, type MqttClient } from 'mqtt';
import { DeviceSecretRepository } from '@vigil/application';
import { internalTopicPrefix } from '@vigil/messaging';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { brokerUrlOf, grantedQos, issueSecret, platformBrokerUrl } from '../support/device-client';
import { createUser, makeSite, uniqueId } from '../support/factories';
import { mosquittoAvailable, startMosquitto, type TestMosquitto } from '../support/mosquitto';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

interface BrokerSetup {
  name: string;
  start(db: TestDatabase): Promise<{ platform: TestPlatform; platformUrl: string; stop(): Promise<void> }>;
}

const embedded: BrokerSetup = {
  name: 'the embedded broker',
  async start(db) {
    const platform = await startTestPlatform(db, { env: { VIGIL_INGEST_FLUSH_MS: '20' } });
    return { platform, platformUrl: platformBrokerUrl(platform), stop: () => platform.close() };
  },
};

const mosquitto: BrokerSetup = {
  name: 'Mosquitto with dynamic security',
  async start(db) {
    const broker: TestMosquitto = await startMosquitto();
    try {
      const platform = await startTestPlatform(db, {
        mqttUrl: broker.platformUrl,
        env: { VIGIL_INGEST_FLUSH_MS: '20', VIGIL_MQTT_BROKER_ADMIN: 'dynsec', MQTT_CLIENT_ID: uniqueId('m') },
      });
      return {
        platform,
        platformUrl: broker.platformUrl,
        stop: async () => {
          await platform.close();
          await broker.stop();
        },
      };
    } catch (err) {
      await broker.stop();
      throw err;
    }
  },
};

if (!mosquittoAvailable()) {
  console.warn('mqtt-auth: the mosquitto binary is not installed; the real-Mosquitto half of this suite is skipped');
}
const setups = mosquittoAvailable() ? [embedded, mosquitto] : [embedded];
const targets = databaseTargets().flatMap((db) => setups.map((broker) => ({ name: `${broker.name} on ${db.name}`, db, broker })));

/** Resolves with the CONNACK refusal, or throws if the broker let the client in. */
async function refusedLogin(url: string, username?: string, password?: string): Promise<string> {
  const attempt = await connectAsync(url, { reconnectPeriod: 0, username, password }).then(
    async (client) => {
      await client.endAsync(true);
      return null;
    },
    (err: Error & { code?: number }) => `${err.code ?? ''} ${err.message}`,
  );
  if (attempt === null) throw new Error(`the broker let ${username ?? 'an anonymous client'} in`);
  return attempt;
}

describe.each(targets)('device logins on $name', ({ db: dbTarget, broker }) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let platformUrl: string;
  let stop: () => Promise<void>;
  let url: string;
  let auth: { Authorization: string };
  let siteId: string;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    db = await dbTarget.create();
    ({ platform, platformUrl, stop } = await broker.start(db));
    url = brokerUrlOf(platform);
    auth = { Authorization: `Bearer ${await platform.login()}` };
    siteId = (await platform.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body.id;
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await stop?.();
    await db?.drop();
  });

  async function register(): Promise<string> {
    const id = uniqueId('CAM');
    await platform.http.post('/api/devices').set(auth).send({ id, type: 'camera', siteId, heartbeatIntervalSec: 60 }).expect(201);
    return id;
  }

  async function connect(username: string, password: string): Promise<MqttClient> {
    const client = await connectAsync(url, { reconnectPeriod: 0, username, password });
    clients.push(client);
    return client;
  }

  const statusOf = async (id: string) => (await platform.http.get(`/api/devices/${id}`).set(auth).expect(200)).body.status as string;
  const heartbeat = (_id: string) => JSON.stringify({ ts: new Date().toISOString(), health: { video: 'ok' } });

  it('should refuse a client without a login, with a wrong secret, or for a device without a secret, at CONNECT', async () => {
    const id = await register();
    const { username, password } = await issueSecret(platform, id);
    expect(username).toBe(id);
    expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await refusedLogin(url)).toMatch(/5|authori[sz]ed/i);
    expect(await refusedLogin(url, id, `${password.slice(0, -1)}x`)).toMatch(/4|5|authori[sz]ed|password/i);
    expect(await refusedLogin(url, await register(), password)).toMatch(/4|5|authori[sz]ed|password/i);
    expect(await refusedLogin(url, 'vigil~platform', 'guess')).toMatch(/4|5|authori[sz]ed|password/i);
    await connect(username, password);
  });

  it("should take a device's own heartbeats and refuse the ones it sends for another device", async () => {
    const [mine, other] = [await register(), await register()];
    const login = await issueSecret(platform, mine);
    const client = await connect(login.username, login.password);
    const closed = new Promise<'closed'>((resolve) => client.once('close', () => resolve('closed')));
    // aedes refuses by closing the connection, Mosquitto by dropping the message: either way the broker has handled it
    await Promise.race([client.publishAsync(`vigil/v1/devices/${other}/heartbeat`, heartbeat(other), { qos: 1 }), closed]);
    const again = client.connected ? client : await connect(login.username, login.password);
    await again.publishAsync(`vigil/v1/devices/${mine}/heartbeat`, heartbeat(mine), { qos: 1 });
    await waitFor(async () => (await statusOf(mine)) === 'online');
    expect(await statusOf(other)).toBe('unknown');
  });

  it("should give a device nothing of other devices nor of the platform's own notices", async () => {
    const [mine, other] = [await register(), await register()];
    const spy = await connect(mine, (await issueSecret(platform, mine)).password);
    const heard: string[] = [];
    spy.on('message', (topic) => heard.push(topic));
    const prefix = internalTopicPrefix(db.url);
    expect(await grantedQos(spy, ['vigil/internal/#', `${prefix}#`, '#', 'vigil/v1/devices/+/heartbeat', `vigil/v1/devices/${other}/#`])).toEqual([128, 128, 128, 128, 128]);
    expect(await grantedQos(spy, [`vigil/v1/devices/${mine}/#`])).toEqual([0]);
    // the platform's own login hears the notice the other device's first heartbeat causes; the device hears none of it
    const insider = await connectAsync(platformUrl, { reconnectPeriod: 0, clientId: uniqueId('insider') });
    clients.push(insider);
    await insider.subscribeAsync(`${prefix}device-status`, { qos: 0 });
    const notice = new Promise<string>((resolve) =>
      insider.on('message', (_t, payload) => {
        if (payload.toString().includes(other)) resolve(payload.toString());
      }),
    );
    const device = await connect(other, (await issueSecret(platform, other)).password);
    await device.publishAsync(`vigil/v1/devices/${other}/heartbeat`, heartbeat(other), { qos: 1 });
    await notice;
    expect(heard).toEqual([]);
  });

  it('should replace the old secret when it is rotated, and end the session opened with it', async () => {
    const id = await register();
    const first = await issueSecret(platform, id);
    const client = await connect(id, first.password);
    const ended = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const second = await issueSecret(platform, id);
    expect(second.password).not.toBe(first.password);
    await ended;
    await waitFor(async () => (await refusedLogin(url, id, first.password)) !== null);
    const renewed = await connect(id, second.password);
    await renewed.publishAsync(`vigil/v1/devices/${id}/heartbeat`, heartbeat(id), { qos: 1 });
    await waitFor(async () => (await statusOf(id)) === 'online');
  });

  it('should forget the login of a deleted device', async () => {
    const id = await register();
    const { password } = await issueSecret(platform, id);
    await connect(id, password);
    await platform.http.delete(`/api/devices/${id}`).set(auth).expect(204);
    expect(await refusedLogin(url, id, password)).toMatch(/4|5|authori[sz]ed|password/i);
  });

  it('should issue secrets in bulk as CSV, once, storing only their hashes and auditing no secret', async () => {
    const [a, b] = [await register(), await register()];
    const res = await platform.http
      .post('/api/devices/mqtt-secrets')
      .set(auth)
      .send({ deviceIds: [a, b] })
      .expect(201);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text.startsWith('\uFEFFdeviceId,username,password\r\n')).toBe(true);
    const rows = res.text
      .slice(1)
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(','));
    expect(rows.map(([id, user]) => [id, user])).toEqual([
      [a, a],
      [b, b],
    ]);
    const stored = await platform.app.get(DeviceSecretRepository).findHash(b);
    expect(stored).not.toContain(rows[1][2]);
    const audit = (await platform.http.get(`/api/audit?entity=device&entityId=${b}`).set(auth).expect(200)).text;
    expect(audit).toContain('issue-mqtt-secret');
    expect(audit).not.toContain(rows[1][2]);
    await connect(b, rows[1][2]);

    // after an import: the site's devices that have no secret yet, leaving the others working
    const fresh = await register();
    const missing = await platform.http.post('/api/devices/mqtt-secrets').set(auth).send({ siteId, missingOnly: true }).expect(201);
    expect(
      missing.text
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
    ).toContain(fresh);
    expect(missing.text).not.toContain(`${b},`);
    await connect(b, rows[1][2]);
  });

  it('should refuse bad bulk requests by name, strangers to the device by 404, and roles that may not by 403', async () => {
    const id = await register();
    const bad = await platform.http.post('/api/devices/mqtt-secrets').set(auth).send({});
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('deviceIds');
    expect(
      (
        await platform.http
          .post('/api/devices/mqtt-secrets')
          .set(auth)
          .send({ deviceIds: ['bad id'] })
      ).status,
    ).toBe(400);
    expect(
      (
        await platform.http
          .post('/api/devices/mqtt-secrets')
          .set(auth)
          .send({ deviceIds: [id], siteId })
      ).body,
    ).toMatchObject({ statusCode: 400, field: 'siteId' });
    expect(
      (
        await platform.http
          .post('/api/devices/mqtt-secrets')
          .set(auth)
          .send({ deviceIds: [id, 'NOBODY-1'] })
      ).status,
    ).toBe(404);
    expect((await platform.http.post('/api/devices/NOBODY-1/mqtt-secret').set(auth)).status).toBe(404);
    const operator = await createUser(platform, auth, 'operator', 'op');
    expect((await platform.http.post(`/api/devices/${id}/mqtt-secret`).set('Authorization', `Bearer ${operator.token}`)).status).toBe(403);
    // a refused bulk call issued nothing
    expect(await platform.app.get(DeviceSecretRepository).findHash(id)).toBeNull();
  });
});
