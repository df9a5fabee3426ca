import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { brokerCeiling, settle } from './ceiling';
import { countByStatus, registerEstate } from './estate';
import { flood } from './load';
import { SteadyLoad } from './load';
import { PlatformProcess } from './platform-process';
import { ProcessSampler } from './process-sampler';
import { InspectorProfile } from './inspector-profile';
import { cpuSecondsOf, OwnMosquitto, PostgresCpu, startHog } from './server-cpu';
import { measureDetection, measureStateLatency, silenceOneByOne } from './probes';
import { Publisher } from './publisher';
import { percentile, round, sleep } from './stats';

const ROOT = resolve(__dirname, '../../..');
const MISSED = 3;
const SILENT_INTERVAL_MS = 2000;

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '1000,10000,100000' },
    target: { type: 'string', default: 'embedded' },
    duration: { type: 'string', default: '60' },
    interval: { type: 'string', default: '10' },
    'mqtt-url': { type: 'string' },
    hog: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'no-flood': { type: 'boolean', default: false },
    'keep-estate': { type: 'boolean', default: false },
    'idle-sec': { type: 'string', default: '0' },
    'quiet-sec': { type: 'string', default: '15' },
    help: { type: 'boolean', default: false },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    out: { type: 'string', default: join(ROOT, 'bench/results') },
  },
});

if (args.help) {
  process.stdout.write(
    [
      'npm run bench:ingest -- [options]',
      '  --devices 1000,10000,100000   estate sizes, one run each',
      '  --target embedded|external|both',
      '  --duration 60                 seconds of steady load measured',
      '  --interval 10                 heartbeat interval, seconds',
      '  --mqtt-url URL                external broker (default: a Mosquitto of its own on a free port, so its CPU is counted alone)',
      '  --pg-url URL                  PostgreSQL admin URL (a fresh database per run)',
      '  --hog                         a busy loop in its own process takes one core during the steady phase',
      '  --cpu-prof DIR                a CPU profile of the platform over the heartbeats-only window (over its inspector), written to DIR',
      '  --no-flood                    skip the flood and the broker ceiling',
      '  --quiet-sec 15                heartbeats alone (no API probes) for this long first: the CPU per heartbeat is measured there',
      '  --idle-sec 20                 before first contact, the platform CPU with the estate registered and silent (fixed cost)',
      '  --keep-estate                 external: reuse the database a previous run registered (skips the import; devices start known)',
      '',
    ].join('\n'),
  );
  process.exit(0);
}

function fail(message: string): never {
  process.stderr.write(`bench:ingest: ${message}\n`);
  process.exit(2);
}

const sizes = args.devices.split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 100 || n > 1_000_000)) fail('--devices must be a comma-separated list of whole numbers from 100 to 1000000');
if (!['embedded', 'external', 'both'].includes(args.target)) fail('--target must be embedded, external or both');
const durationSec = Number(args.duration);
const intervalSec = Number(args.interval);
if (!Number.isInteger(durationSec) || durationSec < 10) fail('--duration must be whole seconds, at least 10');
if (!Number.isInteger(intervalSec) || intervalSec < 1) fail('--interval must be whole seconds, at least 1');

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function freshPostgres(name: string): Promise<string> {
  const admin = new Client({ connectionString: args['pg-url'] });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  if (!args['keep-estate'] || !exists) {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  }
  await admin.end();
  const url = new URL(args['pg-url']);
  url.pathname = `/${name}`;
  return url.toString();
}

async function runOne(target: 'embedded' | 'external', devices: number): Promise<Record<string, unknown>> {
  const port = 39_000 + Math.floor(Math.random() * 500);
  const mqttPort = port + 500;
  const sqlitePath = `/tmp/vigil-bench-${process.pid}-${devices}.sqlite`;
  const dbName = `vigil_bench_${devices}`;
  const databaseUrl = target === 'external' ? await freshPostgres(dbName) : `sqlite:${sqlitePath}`;
  const ownBroker = target === 'external' && !args['mqtt-url'] ? await OwnMosquitto.startOnSomePort() : null;
  const brokerUrl = target === 'external' ? (ownBroker?.url ?? args['mqtt-url']!) : `mqtt://127.0.0.1:${mqttPort}`;
  log(`${target}, ${devices} devices: starting the platform${ownBroker ? ` (Mosquitto of its own, pid ${ownBroker.pid})` : ''}`);
  const inspectPort = port + 1000;
  const nodeArgs = args['cpu-prof'] ? [`--inspect=127.0.0.1:${inspectPort}`] : [];
  const platform = await PlatformProcess.start(ROOT, {
    port,
    databaseUrl,
    mqttUrl: target === 'external' ? brokerUrl : null,
    mqttPort,
    adminPassword: 'bench-password-1',
    nodeArgs,
  });
  const sampler = new ProcessSampler(platform.pid);
  const pgCpu = target === 'external' ? new PostgresCpu(args['pg-url'], dbName) : null;
  let hog: ReturnType<typeof startHog> | null = null;
  const connections = Math.max(1, Math.min(4, Math.ceil(devices / 25_000)));
  const publisher = await Publisher.connect(brokerUrl, connections);
  try {
    const t0 = Date.now();
    const estate = await registerEstate(platform, devices, intervalSec, args['keep-estate'] && target === 'external');
    const registerSec = (Date.now() - t0) / 1000;
    log(`registered ${devices + 40} devices in ${registerSec.toFixed(1)} s`);
    let idle: { seconds: number; cores: number | null; coresPer10kDevices: number | null } | undefined;
    const idleSec = Number(args['idle-sec']);
    if (idleSec > 0) {
      await sleep(5000);
      const [c0, t0] = [sampler.cpuSeconds(), Date.now()];
      await sleep(idleSec * 1000);
      const cores = (sampler.cpuSeconds() - c0) / ((Date.now() - t0) / 1000);
      idle = { seconds: idleSec, cores: round(cores, 4), coresPer10kDevices: round((cores * 10_000) / devices, 4) };
      log(`idle: ${JSON.stringify(idle)}`);
    }
    log('first contact');

    const steady = new SteadyLoad(estate.load, intervalSec * 1000, publisher);
    steady.start();
    const firstContactStart = Date.now();
    let online = 0;
    while (Date.now() - firstContactStart < (intervalSec * 3 + 30) * 1000) {
      await sleep(1000);
      online = await countByStatus(platform, estate.siteId, 'online');
      if (online >= devices) break;
    }
    const firstContactSec = (Date.now() - firstContactStart) / 1000;
    log(`first contact: ${online}/${devices} online after ${firstContactSec.toFixed(1)} s; steady for ${durationSec} s`);

    sampler.watch();
    await pgCpu?.start();
    if (args.hog) {
      hog = startHog();
      log(`CPU hog started (pid ${hog.pid})`);
    }
    const countAll = () => platform.counter('vigil_ingest_messages_total');
    const brokerCpu = () => (ownBroker ? (cpuSecondsOf(ownBroker.pid) ?? 0) : 0);
    type Snap = { cpu: number; msg: number; broker: number; pg?: { backends: number; shared: number }; at: number };
    const snap = async (): Promise<Snap> => ({ cpu: sampler.cpuSeconds(), msg: await countAll(), broker: brokerCpu(), pg: await pgCpu?.cpuSeconds(), at: Date.now() });
    /** Server CPU per heartbeat processed between two snapshots, per process. */
    const perHeartbeat = (a: Snap, b: Snap) => {
      const processed = Math.max(b.msg - a.msg, 1);
      const us = (cpuSec: number) => round((cpuSec * 1e6) / processed, 1);
      const vigil = us(b.cpu - a.cpu);
      const broker = ownBroker ? us(b.broker - a.broker) : null;
      const postgres = a.pg && b.pg ? us(b.pg.backends - a.pg.backends) : null;
      const postgresSharedBackground = a.pg && b.pg ? us(b.pg.shared - a.pg.shared) : null;
      return { vigil, broker, postgres, postgresSharedBackground, total: round((vigil ?? 0) + (broker ?? 0) + (postgres ?? 0) + (postgresSharedBackground ?? 0), 1) };
    };
    // Heartbeats alone first: the probes below poll the API every 5 ms, which costs the platform and the database too.
    const profile = args['cpu-prof'] ? await InspectorProfile.connect(inspectPort) : null;
    await profile?.start();
    const quietSec = Number(args['quiet-sec']);
    const q0 = await snap();
    await sleep(quietSec * 1000);
    const q1 = await snap();
    const cpuPerHeartbeatUs = perHeartbeat(q0, q1);
    const heartbeatsOnly = {
      seconds: round((q1.at - q0.at) / 1000),
      processedPerSec: Math.round(((q1.msg - q0.msg) * 1000) / Math.max(q1.at - q0.at, 1)),
      cpuCores: round((q1.cpu - q0.cpu) / ((q1.at - q0.at) / 1000), 3),
    };
    let profileFile: string | undefined;
    if (profile) {
      mkdirSync(resolve(args['cpu-prof']!), { recursive: true });
      profileFile = join(resolve(args['cpu-prof']!), `platform-${target}-${devices}-${Date.now()}.cpuprofile`);
      await profile.stopTo(profileFile);
      log(`CPU profile of the heartbeats-only window: ${profileFile}`);
    }
    const [cpu0, msg0, sent0, at0] = [sampler.cpuSeconds(), await countAll(), publisher.sent, Date.now()];
    const p0 = await snap();
    const silencing = silenceOneByOne(publisher, estate.silent.slice(0, 10), SILENT_INTERVAL_MS, 3 * SILENT_INTERVAL_MS, 1500);
    const [latency, detection] = await Promise.all([
      measureStateLatency(platform, publisher, estate.probes, durationSec * 1000),
      measureDetection(platform, silencing, MISSED * SILENT_INTERVAL_MS),
    ]);
    await silencing.done;
    const elapsed = (Date.now() - at0) / 1000;
    const [cpu1, msg1, sent1] = [sampler.cpuSeconds(), await countAll(), publisher.sent];
    const cpuPerHeartbeatWithProbesUs = perHeartbeat(p0, await snap());
    hog?.kill('SIGKILL');
    hog = null;
    log(`CPU per heartbeat (µs), heartbeats only: ${JSON.stringify(cpuPerHeartbeatUs)}; with the probes polling: ${JSON.stringify(cpuPerHeartbeatWithProbesUs)}`);
    const falseOfflines = (await countByStatus(platform, estate.siteId, 'offline')) - detection.samples.length;
    steady.stop();
    await publisher.drain();
    log(`steady done: ${Math.round((msg1 - msg0) / elapsed)} msg/s processed`);

    let vigilFlood = { published: 0, processed: 0, perSec: 0 };
    let ceiling = { published: 0, processed: 0, perSec: 0 };
    if (!args['no-flood']) {
      const floodStart = Date.now();
      const floodBase = await countAll();
      const floodPublished = await flood(estate.load, publisher, 10_000);
      await publisher.drain();
      vigilFlood = await settle(countAll, floodBase, floodPublished, floodStart);
      ceiling = await brokerCeiling(brokerUrl, publisher, estate.load, 10_000);
      log(`flood: vigil ${vigilFlood.perSec} msg/s, bare subscriber ${ceiling.perSec} msg/s`);
    }

    const p = (xs: number[], q: number) => round(percentile(xs, q));
    return {
      target,
      devices,
      intervalSec,
      durationSec: round(elapsed),
      connections,
      hog: args.hog,
      keptEstate: args['keep-estate'] && target === 'external',
      broker: ownBroker ? 'mosquitto (own process)' : target === 'external' ? brokerUrl : 'aedes (in the platform)',
      cpuProfile: profileFile,
      idle,
      setup: { registerSec: round(registerSec), firstContactSec: round(firstContactSec), onlineAfterFirstContact: online },
      steady: {
        targetPerSec: devices / intervalSec,
        publishedPerSec: Math.round((sent1 - sent0) / elapsed),
        processedPerSec: Math.round((msg1 - msg0) / elapsed),
        publisherBehind: steady.behind,
        cpuCores: round((cpu1 - cpu0) / elapsed, 2),
        heartbeatsOnly,
        cpuPerHeartbeatUs,
        cpuPerHeartbeatWithProbesUs,
        peakRssMiB: Math.round(sampler.peakRssBytes() / 2 ** 20),
        falseOfflines,
      },
      stateLatencyMs: { samples: latency.samples.length, p50: p(latency.samples, 50), p99: p(latency.samples, 99), max: p(latency.samples, 100), timeouts: latency.timeouts },
      detectionDelayMs: {
        samples: detection.samples.length,
        p50: p(detection.samples, 50),
        p99: p(detection.samples, 99),
        max: p(detection.samples, 100),
        missed: detection.missed,
      },
      flood: vigilFlood,
      brokerCeiling: ceiling,
      ratioToCeiling: round(vigilFlood.perSec / Math.max(ceiling.perSec, 1), 2),
    };
  } finally {
    hog?.kill('SIGKILL');
    sampler.stop();
    await pgCpu?.stop();
    await publisher.close().catch(() => undefined);
    await platform.stop();
    ownBroker?.stop();
    rmSync(sqlitePath, { force: true });
    rmSync(`${sqlitePath}-wal`, { force: true });
    rmSync(`${sqlitePath}-shm`, { force: true });
  }
}

function verdict(r: Record<string, any>): Record<string, boolean> {
  return {
    sustained: r.steady.processedPerSec >= 0.98 * r.steady.targetPerSec && r.steady.falseOfflines === 0,
    p99LatencyUnder250ms: r.stateLatencyMs.p99 !== null && r.stateLatencyMs.p99 < 250,
    detectionUnder1s: r.detectionDelayMs.max !== null && r.detectionDelayMs.max < 1000 && r.detectionDelayMs.missed === 0,
    rssUnder1GiB: r.steady.peakRssMiB < 1024,
  };
}

async function main(): Promise<void> {
  const machine = { hostname: hostname(), cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version };
  const targets = args.target === 'both' ? (['embedded', 'external'] as const) : [args.target as 'embedded' | 'external'];
  const runs: Record<string, unknown>[] = [];
  for (const target of targets) {
    for (const devices of sizes) {
      const run = await runOne(target, devices);
      runs.push({ ...run, meets: verdict(run) });
      log(JSON.stringify(runs.at(-1)));
    }
  }
  mkdirSync(args.out, { recursive: true });
  const file = join(args.out, `ingest-${args.target}-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`);
  writeFileSync(file, JSON.stringify({ benchmark: 'ingest', at: new Date().toISOString(), machine, runs }, null, 2) + '\n');
  console.table(
    runs.map((r: Record<string, any>) => ({
      target: r.target,
      devices: r.devices,
      'msg/s': r.steady.processedPerSec,
      'p50 ms': r.stateLatencyMs.p50,
      'p99 ms': r.stateLatencyMs.p99,
      'detect max ms': r.detectionDelayMs.max,
      cores: r.steady.cpuCores,
      'µs/hb': r.steady.cpuPerHeartbeatUs.total,
      'RSS MiB': r.steady.peakRssMiB,
      'flood/s': r.flood.perSec,
      'ceiling/s': r.brokerCeiling.perSec,
      ratio: r.ratioToCeiling,
    })),
  );
  console.log(`results: ${file}`);
}

void main().catch((e: Error) => {
  process.stderr.write(`bench:ingest failed: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
