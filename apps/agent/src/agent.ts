import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { AgentConfig, AgentDevice, AgentProtocol } from '@vigil/domain';
import type { AgentEnv } from './agent-env';
import { AgentConfigError, checkedConfig, loadConfigFile } from './config/config-file';
import { fetchPlatformConfig, postDiscovered } from './config/platform-client';
import { startAgentHttp } from './http/agent-http.server';
import { AgentCounters } from './publish/agent-counters';
import { DiskQueue } from './publish/disk-queue';
import { HeartbeatPublisher } from './publish/heartbeat-publisher';
import { SeqStore } from './publish/seq-store';
import type { DiscoveredEquipment, HealthSource, SourceSink } from './sources/health-source';
import { SOURCE_FACTORIES, type HealthSourceFactory, type SourceSettings } from './sources/registry';
import type { SourceContext } from './sources/source-context';

export interface AgentDeps {
  log?: (message: string) => void;
  now?: () => Date;
  factories?: Partial<Record<AgentProtocol, HealthSourceFactory>>;
  /** For the protocols' own variables; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningAgent {
  readonly httpPort: number;
  readonly counters: AgentCounters;
  stop(): Promise<void>;
}

const CONFIG_CACHE = 'last-config.json';
const COUNTERS_LOG_MS = 60_000;

/** The agent wired up: config → sources → publisher (through the disk queue) → broker; /health and /metrics beside. */
export async function startAgent(env: AgentEnv, deps: AgentDeps = {}): Promise<RunningAgent> {
  const log = deps.log ?? ((m: string) => console.log(`${new Date().toISOString()} ${m}`));
  const now = deps.now ?? (() => new Date());
  const factories = deps.factories ?? SOURCE_FACTORIES;
  const counters = new AgentCounters();
  mkdirSync(env.bufferDir, { recursive: true });
  const config = await firstConfig(env, log);

  const queue = new DiskQueue(env.bufferDir, env.bufferMax, (reason, n) => {
    const before = counters.dropped[reason];
    counters.dropped[reason] += n;
    // the first drop and every thousandth: a long outage at the bound drops one per heartbeat
    if (before === 0 || Math.floor(before / 1000) !== Math.floor(counters.dropped[reason] / 1000))
      log(
        `buffer: ${counters.dropped[reason]} heartbeat(s) dropped so far (${reason === 'overflow' ? `over AGENT_BUFFER_MAX=${env.bufferMax}, oldest first` : 'lines torn by a crash'})`,
      );
  });
  if (queue.size > 0) log(`buffer: ${queue.size} heartbeat(s) waiting from before the restart`);
  const client = mqtt.connect(env.mqttUrl, {
    username: env.mqttUsername,
    password: env.gatewaySecret,
    clientId: `vigil-agent-${env.gatewayId}-${process.pid}`,
    reconnectPeriod: 2000,
    connectTimeout: 10_000,
    clean: true,
  });
  // one line per change of trouble, not one per reconnect attempt
  let lastError = '';
  client.on('connect', () => {
    lastError = '';
    log(`broker: connected to ${env.mqttUrl} as ${env.mqttUsername}`);
  });
  client.on('error', (e) => {
    if (e.message !== lastError) log(`broker: ${e.message}`);
    lastError = e.message;
  });
  client.on('offline', () => log('broker: unreachable; heartbeats go to the disk buffer'));
  const publisher = new HeartbeatPublisher(client, queue, new SeqStore(env.bufferDir), counters, { ackTimeoutMs: 10_000, retryMs: 5000 });

  const failing = new Map<string, string>();
  const ctx: SourceContext = {
    log,
    now,
    pollFailed: (protocol, deviceId, reason) => {
      counters.countPollFailed(protocol);
      // logged when a device starts failing or fails otherwise; every failure is counted
      if (failing.get(deviceId) !== reason) log(`${protocol}: ${deviceId} did not answer (${reason})`);
      failing.set(deviceId, reason);
    },
    count: (reason) => counters.countSourceEvent(reason),
    clockDrift: (deviceId, seconds) => {
      counters.clockDriftSec.set(deviceId, seconds);
      if (Math.abs(seconds) >= 5) log(`clock: ${deviceId} is ${seconds.toFixed(1)} s off the agent's clock`);
    },
  };
  const sink: SourceSink = {
    reading: (r) => {
      if (failing.delete(r.deviceId)) log(`${r.deviceId} answers again`);
      publisher.publish(r);
    },
    discovered: (items) => void reportDiscovered(env, items, log),
  };
  let running: HealthSource[] = [];
  let current = '';
  const apply = async (c: AgentConfig, atStart = false): Promise<void> => {
    const next = JSON.stringify(c.devices);
    if (next === current) return;
    current = next;
    await Promise.all(running.map((s) => s.stop()));
    publisher.watch(c.devices);
    running = await startSources(c.devices, factories, ctx, sink, { maxInFlight: env.maxInFlight, env: deps.env ?? process.env }, log, atStart);
    log(`config: watching ${c.devices.length} device(s)`);
  };
  try {
    await apply(config, true);
  } catch (e) {
    await client.endAsync(true);
    queue.close();
    throw e;
  }

  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, f: () => void) => timers.push(setInterval(f, ms));
  every(COUNTERS_LOG_MS, () => log(`counters: ${JSON.stringify(counters.snapshot(queue.size))}`));
  if (env.config.kind === 'platform') {
    const { url, refreshSec } = env.config;
    every(refreshSec * 1000, () => {
      fetchPlatformConfig(url, env.mqttUsername, env.gatewaySecret, env.gatewayId)
        .then((c) => (cacheConfig(env, c), apply(c)))
        .catch((e: unknown) => log(`config: refresh failed, keeping the current one (${e instanceof Error ? e.message : String(e)})`));
    });
  }
  const http = await startAgentHttp(env.httpPort, {
    health: () => ({ status: 'ok', gatewayId: env.gatewayId, devices: config.devices.length, ...counters.snapshot(queue.size) }),
    metrics: () => counters.prometheus(queue.size),
  });
  log(`agent ${env.gatewayId}: /health and /metrics on http://127.0.0.1:${http.port}`);

  return {
    httpPort: http.port,
    counters,
    async stop() {
      timers.forEach(clearInterval);
      await Promise.all(running.map((s) => s.stop()));
      publisher.stop();
      await client.endAsync(true);
      queue.close();
      await http.close();
    },
  };
}

async function startSources(
  devices: readonly AgentDevice[],
  factories: Partial<Record<AgentProtocol, HealthSourceFactory>>,
  ctx: SourceContext,
  sink: SourceSink,
  settings: SourceSettings,
  log: (m: string) => void,
  atStart: boolean,
): Promise<HealthSource[]> {
  const byProtocol = new Map<AgentProtocol, AgentDevice[]>();
  for (const d of devices) byProtocol.set(d.protocol, [...(byProtocol.get(d.protocol) ?? []), d]);
  const started: HealthSource[] = [];
  for (const [protocol, list] of byProtocol) {
    const factory = factories[protocol];
    if (!factory) {
      log(`config: no ${protocol} source in this agent; ${list.length} device(s) skipped: ${list.map((d) => d.deviceId).join(', ')}`);
      continue;
    }
    try {
      const source = factory(ctx, settings);
      await source.start(list, sink);
      started.push(source);
    } catch (e) {
      const message = `${protocol}: cannot start (${e instanceof Error ? e.message : String(e)})`;
      if (atStart) {
        await Promise.all(started.map((s) => s.stop()));
        throw new AgentConfigError(message);
      }
      log(`config: ${message}; ${list.length} device(s) skipped`);
    }
  }
  return started;
}

/** The config from the file, or from the platform; a platform out of reach at start falls back to the last one it gave. */
async function firstConfig(env: AgentEnv, log: (m: string) => void): Promise<AgentConfig> {
  if (env.config.kind === 'file') return loadConfigFile(env.config.path, env.gatewayId);
  try {
    const c = await fetchPlatformConfig(env.config.url, env.mqttUsername, env.gatewaySecret, env.gatewayId);
    cacheConfig(env, c);
    return c;
  } catch (e) {
    const cached = readCachedConfig(env);
    if (!cached) throw e;
    log(`config: the platform did not answer (${e instanceof Error ? e.message : String(e)}); using the last config it gave`);
    return cached;
  }
}

/** Kept for a start while the platform is away; it holds credentials in clear, so readable by the agent's user only. */
function cacheConfig(env: AgentEnv, c: AgentConfig): void {
  const tmp = join(env.bufferDir, `${CONFIG_CACHE}.tmp`);
  writeFileSync(tmp, JSON.stringify(c), { mode: 0o600 });
  renameSync(tmp, join(env.bufferDir, CONFIG_CACHE));
}

function readCachedConfig(env: AgentEnv): AgentConfig | null {
  try {
    return checkedConfig(JSON.parse(readFileSync(join(env.bufferDir, CONFIG_CACHE), 'utf8')), env.gatewayId, CONFIG_CACHE, 'lenient');
  } catch {
    return null;
  }
}

async function reportDiscovered(env: AgentEnv, items: DiscoveredEquipment[], log: (m: string) => void): Promise<void> {
  if (items.length === 0) return;
  if (env.config.kind !== 'platform') {
    log(`discovered (no platform link to report to): ${items.map((i) => `${i.id} (${i.type}) on ${i.parentId}`).join(', ')}`);
    return;
  }
  try {
    await postDiscovered(env.config.url, env.mqttUsername, env.gatewaySecret, items);
  } catch (e) {
    log(`discovered: could not report ${items.length} item(s) (${e instanceof Error ? e.message : String(e)})`);
  }
}
