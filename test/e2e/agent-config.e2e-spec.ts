import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentConfig, AgentDevice } from '@vigil/domain';
import { startAgent, type RunningAgent } from '../../apps/agent/src/agent';
import { readAgentEnv } from '../../apps/agent/src/agent-env';
import { AgentConfigError } from '../../apps/agent/src/config/config-file';
import type { HealthSource, SourceSink } from '../../apps/agent/src/sources/health-source';
import { waitFor } from '../support/wait-for';

const device = (deviceId: string): AgentDevice => ({ deviceId, type: 'switch', protocol: 'snmp', address: '10.0.0.2', credentials: { community: 'public' }, pollIntervalSec: 30 });

/** A source that only records what the agent asked of it (the agent's config handling is under test, not a protocol). */
class RecordingSource implements HealthSource {
  readonly protocol = 'snmp' as const;
  static started: string[][] = [];
  static sink: SourceSink | null = null;
  async start(devices: readonly AgentDevice[], sink: SourceSink): Promise<void> {
    RecordingSource.started.push(devices.map((d) => d.deviceId));
    RecordingSource.sink = sink;
  }
  async stop(): Promise<void> {}
}

/** The agent fetching its config from the platform's API (a stand-in server answering as the API is specified). */
describe('the agent config from the platform', () => {
  let server: Server;
  let url: string;
  let config: AgentConfig | null;
  const discovered: unknown[] = [];
  let dir: string;
  let agent: RunningAgent | null = null;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const ok = req.headers.authorization === `Basic ${Buffer.from('gw@GW1:s3cret').toString('base64')}`;
      if (!ok) return void res.writeHead(401).end();
      if (req.method === 'GET' && req.url === '/api/agent/config') {
        if (!config) return void res.writeHead(503).end();
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config));
      }
      if (req.method === 'POST' && req.url === '/api/agent/discovered') {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          discovered.push(JSON.parse(body));
          res.writeHead(201).end();
        });
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-agent-config-'));
    RecordingSource.started = [];
  });
  afterEach(async () => {
    await agent?.stop();
    agent = null;
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const env = (secret = 's3cret') =>
    readAgentEnv({
      AGENT_MQTT_URL: 'mqtt://127.0.0.1:1',
      AGENT_GATEWAY_ID: 'GW1',
      AGENT_GATEWAY_SECRET: secret,
      AGENT_PLATFORM_URL: url,
      AGENT_CONFIG_REFRESH_SEC: '1',
      AGENT_BUFFER_DIR: dir,
      AGENT_HTTP_PORT: '0',
    });
  const deps = { log: () => undefined, factories: { snmp: () => new RecordingSource() } };

  it('should fetch as the gateway, follow a change at the next refresh, and report what a source found', async () => {
    config = { gatewayId: 'GW1', devices: [device('SW1')] };
    agent = await startAgent(env(), deps);
    expect(RecordingSource.started).toEqual([['SW1']]);
    config = { gatewayId: 'GW1', devices: [device('SW1'), device('SW2')] };
    await waitFor(async () => RecordingSource.started.length === 2, 5000);
    expect(RecordingSource.started[1]).toEqual(['SW1', 'SW2']);
    RecordingSource.sink!.discovered([{ id: '34020000001320000001', type: 'camera', name: 'Gate', parentId: 'SW1' }]);
    await waitFor(async () => discovered.length === 1);
    expect(discovered[0]).toEqual({ items: [{ id: '34020000001320000001', type: 'camera', name: 'Gate', parentId: 'SW1' }] });
  });

  it('should start on the last config the platform gave when it does not answer', async () => {
    config = { gatewayId: 'GW1', devices: [device('SW9')] };
    agent = await startAgent(env(), deps);
    await agent.stop();
    config = null;
    agent = await startAgent(env(), deps);
    expect(RecordingSource.started).toEqual([['SW9'], ['SW9']]);
  });

  it('should refuse to start with a wrong secret and nothing cached, or a config for another gateway', async () => {
    config = { gatewayId: 'GW1', devices: [device('SW1')] };
    await expect(startAgent(env('wrong'), deps)).rejects.toThrow(AgentConfigError);
    config = { gatewayId: 'GW2', devices: [] };
    await expect(startAgent(env(), deps)).rejects.toThrow(/gatewayId is "GW2"/);
  });

  it("should stop at start, as a configuration error, when a protocol's source cannot start", async () => {
    config = { gatewayId: 'GW1', devices: [device('SW1')] };
    const broken = {
      log: () => undefined,
      factories: {
        snmp: () => {
          throw new Error('AGENT_SNMP_SOMETHING must be set');
        },
      },
    };
    await expect(startAgent(env(), broken)).rejects.toThrow(new AgentConfigError('snmp: cannot start (AGENT_SNMP_SOMETHING must be set)'));
  });
});
