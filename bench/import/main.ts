import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { PlatformProcess } from '../ingest/platform-process';
import { ProcessSampler } from '../ingest/process-sampler';
import { round, sleep } from '../ingest/stats';

const ROOT = resolve(__dirname, '../../..');
const COLUMNS = 'id,type,siteCode,name,model,serial,firmware,parentId,heartbeatIntervalSec,criticality,installedAt,warrantyUntil';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '100000' },
    sites: { type: 'string', default: '100' },
    target: { type: 'string', default: 'both' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    out: { type: 'string', default: join(ROOT, 'bench/results') },
  },
});

function fail(message: string): never {
  process.stderr.write(`bench:import: ${message}\n`);
  process.exit(2);
}

const devices = Number(args.devices);
const siteCount = Number(args.sites);
if (!Number.isInteger(devices) || devices < 100 || devices > 300_000) fail('--devices must be a whole number from 100 to 300000 (the body limit is 20 MB)');
if (!Number.isInteger(siteCount) || siteCount < 1 || siteCount > 1000) fail('--sites must be a whole number from 1 to 1000');
if (!['sqlite', 'postgres', 'both'].includes(args.target)) fail('--target must be sqlite, postgres or both');

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function freshPostgres(name: string): Promise<string> {
  const admin = new Client({ connectionString: args['pg-url'] });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(args['pg-url']);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A city estate as a contractor's spreadsheet: mostly cameras, spread evenly over the sites; `model` lets a second pass change every row. */
function inventoryFile(model: string): string {
  const rows = Array.from({ length: devices }, (_, i) => {
    const type = i % 10 === 9 ? 'switch' : i % 9 === 8 ? 'dvr' : 'camera';
    return `imp-${String(i).padStart(6, '0')},${type},S${String(i % siteCount).padStart(4, '0')},路口 ${i},${model},SN${i},V5.7,,30,normal,2026-01-15,2029-01-14`;
  });
  return [COLUMNS, ...rows].join('\n');
}

/** One timed request, with the platform's CPU seconds and peak RSS over it. */
async function timed<T>(sampler: ProcessSampler, work: () => Promise<T>): Promise<{ sec: number; platformCpuSec: number; peakRssMiB: number; answer: T }> {
  const step = new ProcessSampler(sampler.pid);
  step.watch();
  const cpu0 = sampler.cpuSeconds();
  const t0 = process.hrtime.bigint();
  const answer = await work().finally(() => step.stop());
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  return { sec: round(sec, 2)!, platformCpuSec: round(sampler.cpuSeconds() - cpu0, 2)!, peakRssMiB: Math.round(step.peakRssBytes() / 2 ** 20), answer };
}
const figures = ({ sec, platformCpuSec, peakRssMiB }: { sec: number; platformCpuSec: number; peakRssMiB: number }) => ({ sec, platformCpuSec, peakRssMiB });

async function runOne(target: 'sqlite' | 'postgres'): Promise<Record<string, unknown>> {
  const port = 41_000 + Math.floor(Math.random() * 500);
  const sqlitePath = `/tmp/vigil-bench-import-${process.pid}.sqlite`;
  const databaseUrl = target === 'postgres' ? await freshPostgres('vigil_bench_import') : `sqlite:${sqlitePath}`;
  log(`${target}: starting the platform`);
  const platform = await PlatformProcess.start(ROOT, { port, databaseUrl, mqttUrl: null, mqttPort: port + 500, adminPassword: 'bench-password-1' });
  const sampler = new ProcessSampler(platform.pid);
  sampler.watch();
  try {
    for (let s = 0; s < siteCount; s += 1) {
      const code = `S${String(s).padStart(4, '0')}`;
      await platform.request('POST', '/api/sites', JSON.stringify({ code, name: `Site ${code}`, region: 'province' }));
    }
    const file = inventoryFile('DS-2CD2T47');
    log(`${target}: importing ${devices} rows over ${siteCount} sites (${round(Buffer.byteLength(file) / 2 ** 20, 1)} MiB)`);
    const create = await timed(sampler, () => platform.request<{ created: number; updated: number }>('POST', '/api/devices/import', file, 'text/csv'));
    if (create.answer.created !== devices) throw new Error(`expected ${devices} created, got ${JSON.stringify(create.answer)}`);
    log(`${target}: created in ${create.sec} s; waiting for ingest to watch them all`);
    const t0 = Date.now();
    let tracked = 0;
    while (Date.now() - t0 < 120_000) {
      tracked = (await platform.request<{ trackedDevices: number }>('GET', '/api/ingest/stats')).trackedDevices;
      if (tracked >= devices) break;
      await sleep(500);
    }
    const trackedWithinSec = round((Date.now() - t0) / 1000, 1);
    log(`${target}: ingest watching ${tracked} within ${trackedWithinSec} s`);
    const unchanged = await timed(sampler, () => platform.request('POST', '/api/devices/import', file, 'text/csv'));
    log(`${target}: the same file again (nothing changes) in ${unchanged.sec} s`);
    const update = await timed(sampler, () => platform.request('POST', '/api/devices/import', inventoryFile('DS-2CD2T87'), 'text/csv'));
    log(`${target}: every row's model changed in ${update.sec} s`);
    const dryRun = await timed(sampler, () => platform.request<{ lines: unknown[] }>('POST', '/api/devices/import?dryRun=1', file, 'text/csv'));
    const verify = await timed(sampler, () => platform.request<{ ok: boolean; entries: number }>('GET', '/api/audit/verify'));
    const importEntries = (await platform.request<{ total: number }>('GET', '/api/audit?entity=device-inventory&limit=1')).total;
    log(`${target}: chain verified ${verify.answer.ok} (${verify.answer.entries} entries) in ${verify.sec} s`);
    return {
      target,
      devices,
      sites: siteCount,
      fileMiB: round(Buffer.byteLength(file) / 2 ** 20, 1),
      create: { ...figures(create), rowsPerSec: Math.round(devices / create.sec) },
      ingestTrackingAll: { tracked, withinSec: trackedWithinSec, note: 'read from the ingest snapshot, written every VIGIL_INGEST_SNAPSHOT_SEC: an upper bound' },
      reimportUnchanged: figures(unchanged),
      updateEveryRow: figures(update),
      dryRun: { ...figures(dryRun), lines: dryRun.answer.lines.length },
      audit: { importEntries, expectedImportEntries: 3 * siteCount, verifyOk: verify.answer.ok, entries: verify.answer.entries, verifySec: verify.sec },
      peakRssMiB: Math.round(sampler.peakRssBytes() / 2 ** 20),
      meets: { createUnder30s: create.sec <= 30, oneEntryPerSiteAndImport: importEntries === 3 * siteCount, chainVerifies: verify.answer.ok },
    };
  } finally {
    sampler.stop();
    await platform.stop();
    rmSync(sqlitePath, { force: true });
    rmSync(`${sqlitePath}-wal`, { force: true });
    rmSync(`${sqlitePath}-shm`, { force: true });
  }
}

async function main(): Promise<void> {
  const machine = {
    hostname: hostname(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    loadAvg1mAtStart: round(loadavg()[0], 2),
  };
  const targets = args.target === 'both' ? (['postgres', 'sqlite'] as const) : [args.target as 'sqlite' | 'postgres'];
  const runs: Record<string, unknown>[] = [];
  for (const target of targets) {
    runs.push(await runOne(target));
    log(JSON.stringify(runs.at(-1)));
  }
  mkdirSync(args.out, { recursive: true });
  const file = join(args.out, `import-${args.target}-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`);
  writeFileSync(file, JSON.stringify({ benchmark: 'import', at: new Date().toISOString(), machine, runs }, null, 2) + '\n');
  console.table(
    runs.map((r: Record<string, any>) => ({
      target: r.target,
      devices: r.devices,
      sites: r.sites,
      'create s': r.create.sec,
      'create CPU s': r.create.platformCpuSec,
      'unchanged s': r.reimportUnchanged.sec,
      'update s': r.updateEveryRow.sec,
      'dry run s': r.dryRun.sec,
      'audit entries': r.audit.importEntries,
      verifies: r.audit.verifyOk,
    })),
  );
  log(`written ${file}`);
}

main().catch((err: Error) => {
  process.stderr.write(`bench:import failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
