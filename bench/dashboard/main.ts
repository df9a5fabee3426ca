import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { countByStatus, registerEstate } from '../ingest/estate';
import { SteadyLoad, type LoadDevice } from '../ingest/load';
import { PlatformProcess } from '../ingest/platform-process';
import { ProcessSampler } from '../ingest/process-sampler';
import { Publisher } from '../ingest/publisher';
import { percentile, round, sleep } from '../ingest/stats';

const ROOT = resolve(__dirname, '../../..');

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    devices: { type: 'string', default: '10000' },
    interval: { type: 'string', default: '10' },
    faults: { type: 'string', default: '60' },
    'fault-every-ms': { type: 'string', default: '1000' },
    out: { type: 'string', default: join(ROOT, 'bench/results') },
  },
});

function fail(message: string): never {
  process.stderr.write(`bench:dashboard: ${message}\n`);
  process.exit(2);
}

const clients = Number(args.clients);
const devices = Number(args.devices);
const intervalSec = Number(args.interval);
const faults = Number(args.faults);
const everyMs = Number(args['fault-every-ms']);
if (!Number.isInteger(clients) || clients < 1 || clients > 5000) fail('--clients must be a whole number from 1 to 5000');
if (!Number.isInteger(devices) || devices < 100 || devices > 1_000_000) fail('--devices must be a whole number from 100 to 1000000');
if (!Number.isInteger(intervalSec) || intervalSec < 1) fail('--interval must be whole seconds, at least 1');
if (!Number.isInteger(faults) || faults < 1 || faults > 10_000) fail('--faults must be a whole number from 1 to 10000');
if (!Number.isInteger(everyMs) || everyMs < 10) fail('--fault-every-ms must be at least 10');

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/**
 * Browsers on the live feed while ingest carries its load: `clients` socket.io clients on /dashboard,
 * every device heartbeating once per interval, and one camera at a time losing its video. Measures,
 * for every fault and every client, the time from publishing the heartbeat that shows the fault to the
 * client receiving its `fault.opened` (or the batch that carries it).
 */
async function main(): Promise<void> {
  const port = 41_000 + Math.floor(Math.random() * 500);
  const mqttPort = port + 500;
  const sqlitePath = `/tmp/vigil-bench-dash-${process.pid}.sqlite`;
  log(`starting the platform (embedded), ${devices} devices, ${clients} browsers`);
  const platform = await PlatformProcess.start(ROOT, { port, databaseUrl: `sqlite:${sqlitePath}`, mqttUrl: null, mqttPort, adminPassword: 'bench-password-1' });
  const sampler = new ProcessSampler(platform.pid);
  const brokerUrl = `mqtt://127.0.0.1:${mqttPort}`;
  const publisher = await Publisher.connect(brokerUrl, Math.max(1, Math.min(4, Math.ceil(devices / 25_000))));
  const sockets: Socket[] = [];
  try {
    const estate = await registerEstate(platform, devices, intervalSec);
    const steady = new SteadyLoad(estate.load, intervalSec * 1000, publisher);
    steady.start();
    const start = Date.now();
    while (Date.now() - start < (intervalSec * 3 + 30) * 1000 && (await countByStatus(platform, estate.siteId, 'online')) < devices) await sleep(1000);
    log('estate online; connecting the browsers');

    // the faulting cameras: heartbeating like the rest until their turn
    const victims: LoadDevice[] = estate.probes.concat(estate.load.filter((d) => d.type === 'camera').slice(0, Math.max(0, faults - estate.probes.length))).slice(0, faults);
    const publishedAt = new Map<string, number>();
    const latencies: number[] = [];
    const received = new Map<string, number>();
    let messages = 0;
    const seen = (deviceId: string | null) => {
      const sent = deviceId ? publishedAt.get(deviceId) : undefined;
      if (sent === undefined) return;
      latencies.push(Date.now() - sent);
      received.set(deviceId!, (received.get(deviceId!) ?? 0) + 1);
    };
    for (let i = 0; i < clients; i += 1) {
      const socket = io(`${platform.baseUrl}/dashboard`, { auth: { token: platform.accessToken }, transports: ['websocket'], reconnection: false, forceNew: true });
      socket.on('fault.opened', (f: { deviceId: string | null; kind: string }) => {
        messages += 1;
        if (f.kind === 'video-loss') seen(f.deviceId);
      });
      socket.on('fault.batch', (b: { events: { type: string; fault: { deviceId: string | null; kind: string } }[] }) => {
        messages += 1;
        for (const e of b.events) if (e.type === 'opened' && e.fault.kind === 'video-loss') seen(e.fault.deviceId);
      });
      socket.on('fault.updated', () => {
        messages += 1;
      });
      socket.on('device.status', () => {
        messages += 1;
      });
      socket.on('device.status.batch', () => {
        messages += 1;
      });
      sockets.push(socket);
    }
    await Promise.all(
      sockets.map(
        (s) =>
          new Promise<void>((ok, bad) => {
            s.once('snapshot', () => ok());
            s.once('connect_error', bad);
          }),
      ),
    );
    log(`${clients} browsers connected; ${faults} faults, one every ${everyMs} ms`);

    sampler.watch();
    const cpu0 = sampler.cpuSeconds();
    const msg0 = await platform.counter('vigil_ingest_messages_total');
    const t0 = Date.now();
    for (const v of victims) {
      v.seq += 1_000;
      const payload = JSON.stringify({ ts: new Date().toISOString(), seq: v.seq, type: 'camera', health: { video: 'lost', tamper: false, ptz: 'none' } });
      publishedAt.set(v.id, Date.now());
      publisher.publish(`vigil/v1/devices/${v.id}/heartbeat`, payload);
      await sleep(everyMs);
    }
    const waitEnd = Date.now() + 15_000;
    while (Date.now() < waitEnd && [...publishedAt.keys()].some((id) => (received.get(id) ?? 0) < clients)) await sleep(100);
    const elapsed = (Date.now() - t0) / 1000;
    const processedPerSec = Math.round(((await platform.counter('vigil_ingest_messages_total')) - msg0) / elapsed);
    const cpuCores = round((sampler.cpuSeconds() - cpu0) / elapsed, 2);
    steady.stop();
    const expected = victims.length * clients;
    const result = {
      clients,
      devices,
      intervalSec,
      faults: victims.length,
      faultEveryMs: everyMs,
      durationSec: round(elapsed),
      ingest: { targetPerSec: devices / intervalSec, processedPerSec, behind: steady.behind },
      deliveries: { expected, received: latencies.length, missing: expected - latencies.length, socketMessagesPerClientPerSec: round(messages / clients / elapsed, 2) },
      deliveryLatencyMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: percentile(latencies, 100) },
      platform: { cpuCores, peakRssMiB: Math.round(sampler.peakRssBytes() / 2 ** 20) },
    };
    const machine = { hostname: hostname(), cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version };
    mkdirSync(args.out, { recursive: true });
    const file = join(args.out, `dashboard-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`);
    writeFileSync(file, JSON.stringify({ benchmark: 'dashboard', at: new Date().toISOString(), machine, result }, null, 2) + '\n');
    console.log(JSON.stringify(result, null, 2));
    console.log(`results: ${file}`);
  } finally {
    sockets.forEach((s) => s.close());
    sampler.stop();
    await publisher.close().catch(() => undefined);
    await platform.stop();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqlitePath}${suffix}`, { force: true });
  }
}

void main().catch((e: Error) => {
  process.stderr.write(`bench:dashboard failed: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
