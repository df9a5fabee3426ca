import { connectAsync, type MqttClient } from 'mqtt';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { brokerUrlOf, grantedQos, issueSecret } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { mosquittoAvailable, startMosquitto, type TestMosquitto } from '../support/mosquitto';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

interface BrokerSetup {
  name: string;
  start(db: TestDatabase): Promise<{ platform: TestPlatform; stop(): Promise<void> }>;
}

const embedded: BrokerSetup = {
  name: 'the embedded broker',
  async start(db) {
    const platform = await startTestPlatform(db, { env: { VIGIL_INGEST_FLUSH_MS: '20' } });
    return { platform, stop: () => platform.close() };
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

const setups = mosquittoAvailable() ? [embedded, mosquitto] : [embedded];
const targets = databaseTargets().flatMap((db) => setups.map((broker) => ({ name: `${broker.name} on ${db.name}`, db, broker })));

describe.each(targets)('gateways ([15]) on $name', ({ db: dbTarget, broker }) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let stop: () => Promise<void>;
  let url: string;
  let auth: { Authorization: string };
  let siteId: string;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    db = await dbTarget.create();
    ({ platform, stop } = await broker.start(db));
    url = brokerUrlOf(platform);
    auth = { Authorization: `Bearer ${await platform.login()}` };
    siteId = (await platform.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body.id;
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await stop?.();
    await db?.drop();
  });

  async function register(type = 'camera', at = siteId): Promise<string> {
    const id = uniqueId(type.toUpperCase());
    await platform.http.post('/api/devices').set(auth).send({ id, type, siteId: at, heartbeatIntervalSec: 60 }).expect(201);
    return id;
  }

  async function gateway(deviceIds: string[]): Promise<{ id: string; username: string; password: string }> {
    const id = uniqueId('GW');
    await platform.http
      .post('/api/gateways')
      .set(auth)
      .send({ id, name: `${id} agent`, siteId })
      .expect(201);
    await platform.http.put(`/api/gateways/${id}/devices`).set(auth).send({ deviceIds }).expect(200);
    const login = (await platform.http.post(`/api/gateways/${id}/mqtt-secret`).set(auth).expect(201)).body as { username: string; password: string };
    return { id, ...login };
  }

  async function connect(username: string, password: string): Promise<MqttClient> {
    const client = await connectAsync(url, { reconnectPeriod: 0, username, password });
    clients.push(client);
    return client;
  }

  const statusOf = async (id: string) => (await platform.http.get(`/api/devices/${id}`).set(auth).expect(200)).body.status as string;
  const heartbeat = () => JSON.stringify({ ts: new Date().toISOString(), health: { video: 'ok' } });

  /** Publishes and waits until the broker has handled it: aedes refuses by closing the connection, Mosquitto by dropping the message. */
  async function publish(client: MqttClient, deviceId: string): Promise<void> {
    const closed = new Promise<'closed'>((resolve) => client.once('close', () => resolve('closed')));
    await Promise.race([client.publishAsync(`vigil/v1/devices/${deviceId}/heartbeat`, heartbeat(), { qos: 1 }), closed]);
  }

  it("should let a gateway publish for its assigned devices only, subscribe to nothing, and leave devices' own logins working", async () => {
    const [assigned, other, own] = [await register(), await register(), await register()];
    const gw = await gateway([assigned]);
    expect(gw.username).toBe(`gw@${gw.id}`);
    const client = await connect(gw.username, gw.password);
    expect(await grantedQos(client, [`vigil/v1/devices/${assigned}/#`, '#'])).toEqual([128, 128]);
    await publish(client, other);
    const again = client.connected ? client : await connect(gw.username, gw.password);
    await publish(again, assigned);
    await waitFor(async () => (await statusOf(assigned)) === 'online');
    expect(await statusOf(other)).toBe('unknown');
    // the gateway's login is no device's, and a device's own login still works beside it
    const login = await issueSecret(platform, own);
    const device = await connect(login.username, login.password);
    await device.publishAsync(`vigil/v1/devices/${own}/heartbeat`, heartbeat(), { qos: 1 });
    await waitFor(async () => (await statusOf(own)) === 'online');
  });

  it('should refuse a wrong gateway secret at CONNECT and end the old session on rotation', async () => {
    const gw = await gateway([await register()]);
    await expect(connectAsync(url, { reconnectPeriod: 0, username: gw.username, password: `${gw.password}x` })).rejects.toThrow();
    const client = await connect(gw.username, gw.password);
    const ended = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await platform.http.post(`/api/gateways/${gw.id}/mqtt-secret`).set(auth).expect(201);
    await ended;
  });

  it('should follow a reassignment at once', async () => {
    const [first, second] = [await register(), await register()];
    const gw = await gateway([first]);
    await platform.http
      .put(`/api/gateways/${gw.id}/devices`)
      .set(auth)
      .send({ deviceIds: [second] })
      .expect(200);
    let client = await connect(gw.username, gw.password);
    await publish(client, first);
    if (!client.connected) client = await connect(gw.username, gw.password);
    await publish(client, second);
    await waitFor(async () => (await statusOf(second)) === 'online');
    expect(await statusOf(first)).toBe('unknown');
  });

  it('should refuse devices of another site (400) or unknown ones (404), and bad bodies with the field named', async () => {
    const otherSite = (await platform.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body.id as string;
    const elsewhere = await register('camera', otherSite);
    const gw = await gateway([]);
    expect(
      (
        await platform.http
          .put(`/api/gateways/${gw.id}/devices`)
          .set(auth)
          .send({ deviceIds: [elsewhere] })
          .expect(400)
      ).text,
    ).toContain('deviceIds');
    await platform.http
      .put(`/api/gateways/${gw.id}/devices`)
      .set(auth)
      .send({ deviceIds: ['NO-SUCH-DEVICE'] })
      .expect(404);
    expect(
      (
        await platform.http
          .put(`/api/gateways/${gw.id}/devices`)
          .set(auth)
          .send({ deviceIds: ['a/b'] })
          .expect(400)
      ).text,
    ).toContain('deviceIds');
    expect((await platform.http.post('/api/gateways').set(auth).send({ id: 'gw@x', name: 'x', siteId }).expect(400)).text).toContain('id');
  });

  it("should keep management credentials sealed, show them masked, keep a secret a change leaves out, and give them in clear to the gateway's agent", async () => {
    const [dvr, cam] = [await register('dvr'), await register()];
    const gw = await gateway([dvr, cam]);
    const put = (id: string, body: unknown) =>
      platform.http
        .put(`/api/devices/${id}/management`)
        .set(auth)
        .send(body as object);
    const shown = (await put(dvr, { protocol: 'isapi', address: '10.0.0.5:80', credentials: { username: 'admin', password: 'Hik-12345' } }).expect(200)).body;
    expect(shown).toEqual({
      protocol: 'isapi',
      address: '10.0.0.5:80',
      pollIntervalSec: 60,
      credentials: { username: 'admin', hasPassword: true, hasCommunity: false, hasPrivPassword: false },
    });
    await put(dvr, { protocol: 'isapi', address: '10.0.0.6:80', pollIntervalSec: 30, credentials: { username: 'admin' } }).expect(200);
    expect((await put(cam, { protocol: 'snmp', address: '10.0.0.7', pollIntervalSec: 5 }).expect(400)).text).toContain('pollIntervalSec');
    expect((await put(cam, { protocol: 'telnet', address: '10.0.0.7' }).expect(400)).text).toContain('protocol');
    const read = (await platform.http.get(`/api/devices/${dvr}/management`).set(auth).expect(200)).text;
    expect(read).not.toContain('Hik-12345');

    const basic = (user: string, secret: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}` });
    await platform.http.get('/api/agent/config').expect(401);
    await platform.http.get('/api/agent/config').set(auth).expect(401);
    await platform.http.get('/api/agent/config').set(basic(gw.username, 'wrong')).expect(401);
    const config = (await platform.http.get('/api/agent/config').set(basic(gw.username, gw.password)).expect(200)).body;
    expect(config).toEqual({
      gatewayId: gw.id,
      devices: [{ deviceId: dvr, type: 'dvr', protocol: 'isapi', address: '10.0.0.6:80', pollIntervalSec: 30, credentials: { username: 'admin', password: 'Hik-12345' } }],
    });
    // a deleted device leaves the gateway and its credentials with it
    await platform.http.delete(`/api/devices/${dvr}`).set(auth).expect(204);
    expect((await platform.http.get('/api/agent/config').set(basic(gw.username, gw.password)).expect(200)).body).toEqual({ gatewayId: gw.id, devices: [] });
    expect((await platform.http.get(`/api/gateways/${gw.id}`).set(auth).expect(200)).body.deviceIds).toEqual([cam]);
  });

  it('should add what the agent discovered to the discovered list, bounded and validated', async () => {
    const gw = await gateway([]);
    const basic = { Authorization: `Basic ${Buffer.from(`${gw.username}:${gw.password}`).toString('base64')}` };
    const found = uniqueId('FOUND');
    const known = await register();
    const res = await platform.http
      .post('/api/agent/discovered')
      .set(basic)
      .send({ items: [{ id: found, type: 'camera', name: 'Gate cam', parentId: known }, { id: known }] })
      .expect(200);
    expect(res.body).toEqual({ recorded: 1 });
    const list = (await platform.http.get('/api/ingest/discovered').set(auth).expect(200)).text;
    expect(list).toContain(found);
    expect(list).toContain(`gw@${gw.id}`);
    // a stranger is refused before the body is read
    await platform.http.post('/api/agent/discovered').send({ items: 'nonsense' }).expect(401);
    const many = Array.from({ length: 1001 }, (_, i) => ({ id: `X-${i}` }));
    expect((await platform.http.post('/api/agent/discovered').set(basic).send({ items: many }).expect(400)).text).toContain('items');
    expect(
      (
        await platform.http
          .post('/api/agent/discovered')
          .set(basic)
          .send({ items: [{ id: 'a b' }] })
          .expect(400)
      ).text,
    ).toContain('id');
  });
});
