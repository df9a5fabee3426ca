import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayUsername, type AgentConfig } from '@vigil/domain';
import { startAgent, type RunningAgent } from '../../apps/agent/src/agent';
import { readAgentEnv } from '../../apps/agent/src/agent-env';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { brokerUrlOf } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { freeSipPort, TestGbDevice } from '../support/gb28181-device';
import { OnvifFixture } from '../support/onvif-fixture';
import { SnmpPeer } from '../support/snmp-peer';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

/** The gateway's login, issued by the platform for the switch's site with the switch assigned to it (the gateway API of [15]). */
async function gatewayLogin(
  platform: TestPlatform,
  admin: { Authorization: string },
  gatewayId: string,
  siteId: string,
  deviceIds: string[],
): Promise<{ username: string; password: string }> {
  await platform.http
    .post('/api/gateways')
    .set(admin)
    .send({ id: gatewayId, name: `${gatewayId} agent`, siteId })
    .expect(201);
  await platform.http.put(`/api/gateways/${gatewayId}/devices`).set(admin).send({ deviceIds }).expect(200);
  const login = (await platform.http.post(`/api/gateways/${gatewayId}/mqtt-secret`).set(admin).expect(201)).body as { username: string; password: string };
  expect(login.username).toBe(gatewayUsername(gatewayId));
  return login;
}

interface Setup {
  name: string;
  env: Record<string, string>;
  login(platform: TestPlatform, admin: { Authorization: string }, gatewayId: string, siteId: string, deviceIds: string[]): Promise<{ username: string; password: string }>;
}

const asGateway: Setup = { name: 'logged in as its gateway', env: {}, login: gatewayLogin };
// the lab switch (VIGIL_MQTT_AUTH=off): the agent's whole path to the platform, without the gateway's login
const labSwitch: Setup = { name: 'under the lab switch', env: { VIGIL_MQTT_AUTH: 'off' }, login: async () => ({ username: 'lab', password: 'lab' }) };

describe.each([{ setup: labSwitch }, { setup: asGateway }])('the edge agent $setup.name', ({ setup }) => {
  describe('watching a switch over SNMP', () => {
    let db: TestDatabase;
    let platform: TestPlatform;
    let admin: { Authorization: string };
    let peer: SnmpPeer | null = null;
    let agent: RunningAgent | null = null;
    let dir: string;

    beforeAll(async () => {
      db = await databaseTargets()[0].create();
      platform = await startTestPlatform(db, {
        env: { ...setup.env, VIGIL_MISSED_HEARTBEATS: '2', VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `t-${randomBytes(4).toString('hex')}` },
      });
      admin = { Authorization: `Bearer ${await platform.login()}` };
      dir = mkdtempSync(join(tmpdir(), 'vigil-agent-e2e-'));
    });

    afterAll(async () => {
      await agent?.stop();
      await peer?.stop();
      await platform?.close();
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    const read = async (id: string) => (await platform.http.get(`/api/devices/${id}`).set(admin).expect(200)).body;
    const until = (id: string, check: (d: Record<string, any>) => boolean, timeoutMs = 10_000) =>
      waitFor(async () => {
        const d = await read(id);
        return check(d) && d;
      }, timeoutMs);

    it('should bring the switch online, show a port going down, and let it go offline when the switch stops answering', async () => {
      const siteId = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body.id;
      const switchId = uniqueId('SW');
      await platform.http.post('/api/devices').set(admin).send({ id: switchId, type: 'switch', siteId, heartbeatIntervalSec: 1 }).expect(201);
      peer = await SnmpPeer.start([
        { ifIndex: 1, up: true, speed: 1_000_000_000 },
        { ifIndex: 2, up: true },
        { ifIndex: 3, up: true },
      ]);
      const gatewayId = uniqueId('GW');
      const login = await setup.login(platform, admin, gatewayId, siteId, [switchId]);
      const config: AgentConfig = {
        gatewayId,
        devices: [{ deviceId: switchId, type: 'switch', protocol: 'snmp', address: `127.0.0.1:${peer.port}`, credentials: { community: 'public' }, pollIntervalSec: 1 }],
      };
      writeFileSync(join(dir, 'agent.json'), JSON.stringify(config));
      const env = readAgentEnv({
        AGENT_MQTT_URL: brokerUrlOf(platform),
        AGENT_GATEWAY_ID: gatewayId,
        AGENT_MQTT_USERNAME: login.username,
        AGENT_GATEWAY_SECRET: login.password,
        AGENT_CONFIG_FILE: join(dir, 'agent.json'),
        AGENT_BUFFER_DIR: join(dir, 'buffer'),
        AGENT_HTTP_PORT: '0',
      });
      agent = await startAgent(env, { log: () => undefined });

      const online = await until(switchId, (d) => d.status === 'online');
      expect(online.conditions).toEqual([]);

      peer.setPort(2, false);
      const degraded = await until(switchId, (d) => d.status === 'degraded');
      expect(degraded.conditions).toEqual([{ kind: 'port-down', subject: '2' }]);

      await peer.stop();
      peer = null;
      await until(switchId, (d) => d.status === 'offline');

      const metric = async (pattern: RegExp) => Number(pattern.exec(await (await fetch(`http://127.0.0.1:${agent!.httpPort}/metrics`)).text())?.[1] ?? 0);
      expect(await metric(/vigil_agent_heartbeats_sent_total (\d+)/)).toBeGreaterThanOrEqual(2);
      await waitFor(async () => (await metric(/vigil_agent_polls_failed_total\{protocol="snmp"\} (\d+)/)) >= 1);
      const health = await (await fetch(`http://127.0.0.1:${agent.httpPort}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', gatewayId, brokerConnected: true, queued: 0 });
    });
  });
});

describe('the edge agent fed by the platform', () => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let peer: SnmpPeer | null = null;
  let agent: RunningAgent | null = null;
  let dir: string;

  beforeAll(async () => {
    db = await databaseTargets()[0].create();
    platform = await startTestPlatform(db, { env: { VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `t-${randomBytes(4).toString('hex')}` } });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    dir = mkdtempSync(join(tmpdir(), 'vigil-agent-e2e-'));
  });

  afterAll(async () => {
    await agent?.stop();
    await peer?.stop();
    await platform?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should fetch what to watch from GET /api/agent/config as its gateway, credentials opened, and bring the switch online', async () => {
    const siteId = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body.id;
    const switchId = uniqueId('SW');
    await platform.http.post('/api/devices').set(admin).send({ id: switchId, type: 'switch', siteId, heartbeatIntervalSec: 30 }).expect(201);
    peer = await SnmpPeer.start([{ ifIndex: 1, up: true }]);
    await platform.http
      .put(`/api/devices/${switchId}/management`)
      .set(admin)
      .send({ protocol: 'snmp', address: `127.0.0.1:${peer.port}`, pollIntervalSec: 10, credentials: { community: 'public' } })
      .expect(200);
    const gatewayId = uniqueId('GW');
    const login = await gatewayLogin(platform, admin, gatewayId, siteId, [switchId]);
    const env = readAgentEnv({
      AGENT_MQTT_URL: brokerUrlOf(platform),
      AGENT_GATEWAY_ID: gatewayId,
      AGENT_GATEWAY_SECRET: login.password,
      AGENT_PLATFORM_URL: platform.baseUrl,
      AGENT_BUFFER_DIR: join(dir, 'buffer'),
      AGENT_HTTP_PORT: '0',
    });
    agent = await startAgent(env, { log: () => undefined });
    await waitFor(async () => (await platform.http.get(`/api/devices/${switchId}`).set(admin).expect(200)).body.status === 'online');
  });
});

describe('the edge agent logged in as its gateway, with a camera over ONVIF and a recorder over GB/T 28181', () => {
  const SIP_SERVER_ID = '34020000002000000001';
  const SIP_DOMAIN = '3402000000';
  const NVR_SIP_ID = '34020000001180000001';
  const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/gb28181', name), 'utf8');
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let camera: OnvifFixture | null = null;
  let nvr: TestGbDevice | null = null;
  let agent: RunningAgent | null = null;
  let dir: string;

  beforeAll(async () => {
    db = await databaseTargets()[0].create();
    platform = await startTestPlatform(db, { env: { VIGIL_MISSED_HEARTBEATS: '2', VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `t-${randomBytes(4).toString('hex')}` } });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    dir = mkdtempSync(join(tmpdir(), 'vigil-agent-e2e-'));
  });

  afterAll(async () => {
    await agent?.stop();
    nvr?.stop();
    await camera?.stop();
    await platform?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const read = async (id: string) => (await platform.http.get(`/api/devices/${id}`).set(admin).expect(200)).body;
  const until = (id: string, check: (d: Record<string, any>) => boolean, timeoutMs = 15_000) =>
    waitFor(async () => {
      const d = await read(id);
      return check(d) && d;
    }, timeoutMs);

  it('should bring both into Vigil with their health through the agent alone, and let each go offline when it stops answering', async () => {
    const siteId = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body.id;
    const cameraId = uniqueId('CAM');
    const nvrId = uniqueId('NVR');
    // the camera is polled every 10 s (the shortest poll), the recorder keeps alive on its own every half second
    for (const [id, type, heartbeatIntervalSec] of [
      [cameraId, 'camera', 10],
      [nvrId, 'nvr', 2],
    ] as const)
      await platform.http.post('/api/devices').set(admin).send({ id, type, siteId, heartbeatIntervalSec }).expect(201);
    camera = await OnvifFixture.start();
    const sipPort = await freeSipPort();
    const gatewayId = uniqueId('GW');
    const login = await gatewayLogin(platform, admin, gatewayId, siteId, [cameraId, nvrId]);
    // what to watch comes from the platform: each device's management fields, read by the agent as its gateway
    await platform.http
      .put(`/api/devices/${cameraId}/management`)
      .set(admin)
      .send({ protocol: 'onvif', address: `127.0.0.1:${camera.port}`, pollIntervalSec: 10, credentials: { username: 'admin', password: 'cam-secret' } })
      .expect(200);
    await platform.http
      .put(`/api/devices/${nvrId}/management`)
      .set(admin)
      .send({ protocol: 'gb28181', address: NVR_SIP_ID, pollIntervalSec: 60, credentials: { password: 'nvr-secret' } })
      .expect(200);
    const env = readAgentEnv({
      AGENT_MQTT_URL: brokerUrlOf(platform),
      AGENT_GATEWAY_ID: gatewayId,
      AGENT_GATEWAY_SECRET: login.password,
      AGENT_PLATFORM_URL: platform.baseUrl,
      AGENT_BUFFER_DIR: join(dir, 'buffer'),
      AGENT_HTTP_PORT: '0',
    });
    const sipEnv = {
      AGENT_SIP_ID: SIP_SERVER_ID,
      AGENT_SIP_DOMAIN: SIP_DOMAIN,
      AGENT_SIP_PORT: String(sipPort),
      AGENT_SIP_HOST: '127.0.0.1',
      AGENT_SIP_PUBLIC_ADDRESS: 'agent.test',
    };
    agent = await startAgent(env, { log: () => undefined, env: sipEnv });

    // the camera answers ONVIF: online, then its tamper event shows as a condition
    expect((await until(cameraId, (d) => d.status === 'online')).conditions).toEqual([]);
    camera.emit('tamper', true);
    expect((await until(cameraId, (d) => d.status === 'degraded')).conditions).toEqual([{ kind: 'tamper' }]);

    // the recorder registers over GB/T 28181 and keeps alive: its catalog's channel 2 is OFF (video lost)
    nvr = new TestGbDevice(NVR_SIP_ID, SIP_DOMAIN, 'nvr-secret', { sipId: SIP_SERVER_ID, port: sipPort }, (sn) => fixture('catalog-response.xml').replace('{{SN}}', sn));
    await nvr.start();
    expect(await nvr.register()).toBe(200);
    const keepAlive = setInterval(() => void nvr?.notify(fixture('keepalive.xml')).catch(() => undefined), 500);
    try {
      const recorder = await until(nvrId, (d) => d.conditions.some((c: { kind: string }) => c.kind === 'video-loss'));
      expect(recorder).toMatchObject({ status: 'degraded', conditions: [{ kind: 'video-loss', subject: '2' }] });
      // its channels, found by the catalog, reach the platform's discovered list through the agent
      await waitFor(async () => (await platform.http.get('/api/ingest/discovered').set(admin).expect(200)).text.includes('34020000001310000001'));
    } finally {
      clearInterval(keepAlive);
    }

    // silence: the recorder stops keeping alive, the camera stops answering; each goes offline
    nvr.stop();
    nvr = null;
    await until(nvrId, (d) => d.status === 'offline');
    await camera.stop();
    camera = null;
    await until(cameraId, (d) => d.status === 'offline', 45_000);
  }, 120_000);
});
