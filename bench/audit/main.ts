import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { PlatformProcess } from '../ingest/platform-process';
import { ProcessSampler } from '../ingest/process-sampler';
import { round } from '../ingest/stats';

const ROOT = resolve(__dirname, '../../..');
// the platform's own hashing, from its build, so the trail is one the platform verifies
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
const { hashAuditEntry, GENESIS_HASH } = require(join(ROOT, 'dist/libs/domain/src')) as {
  hashAuditEntry: (
    id: number,
    prev: string,
    r: { at: Date; actor: string; role: string; action: string; entity: string; entityId: string | null; before: unknown; after: unknown },
  ) => string;
  GENESIS_HASH: string;
};

const { values: args } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    'pdf-entries': { type: 'string', default: '100000' },
    out: { type: 'string', default: join(ROOT, 'bench/results') },
  },
});
const entries = Number(args.entries);
const pdfEntries = Number(args['pdf-entries']);
if (!Number.isInteger(entries) || entries < 1000 || entries > 10_000_000) {
  process.stderr.write('bench:audit: --entries must be a whole number from 1000 to 10000000\n');
  process.exit(2);
}
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** Appends a valid chain of `n` entries after what the platform wrote at its first start. */
function fillTrail(path: string, n: number): void {
  const db = new Database(path);
  const head = db.prepare('SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined;
  let id = head?.id ?? 0;
  let prev = head?.hash ?? GENESIS_HASH;
  const insert = db.prepare('INSERT INTO audit_entries (id, at, actor, role, action, entity, entityId, before, after, prevHash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)');
  const start = Date.parse('2026-06-01T00:00:00Z');
  const batch = db.transaction((count: number) => {
    for (let i = 0; i < count; i += 1) {
      id += 1;
      const record = {
        at: new Date(start + id * 1000),
        actor: `eng${id % 50}`,
        role: 'engineer',
        action: 'update',
        entity: 'patrol',
        entityId: `p-${id % 5000}`,
        before: { state: 'in-progress' },
        after: { state: 'submitted', note: `巡检记录 ${id}` },
      };
      const hash = hashAuditEntry(id, prev, record);
      insert.run(
        id,
        record.at.toISOString(),
        record.actor,
        record.role,
        record.action,
        record.entity,
        record.entityId,
        JSON.stringify(record.before),
        JSON.stringify(record.after),
        prev,
        hash,
      );
      prev = hash;
    }
  });
  for (let left = n; left > 0; left -= 50_000) batch(Math.min(50_000, left));
  db.close();
}

/** Downloads an export, counting bytes, while sampling the platform's memory. */
async function download(platform: PlatformProcess, query: string, sampler: ProcessSampler) {
  const rssBefore = sampler.rssBytes();
  sampler.watch();
  const t0 = Date.now();
  const res = await fetch(`${platform.baseUrl}/api/audit/export?${query}`, { headers: { authorization: `Bearer ${platform.accessToken}` } });
  if (!res.ok || !res.body) throw new Error(`export ${query}: ${res.status}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  const seconds = (Date.now() - t0) / 1000;
  sampler.stop();
  return {
    query,
    bytes,
    seconds: round(seconds),
    mbPerSec: round(bytes / 1e6 / seconds),
    rssBeforeMiB: Math.round(rssBefore / 2 ** 20),
    peakRssMiB: Math.round(sampler.peakRssBytes() / 2 ** 20),
  };
}

async function main(): Promise<void> {
  const port = 42_000 + Math.floor(Math.random() * 500);
  const path = `/tmp/vigil-bench-audit-${process.pid}.sqlite`;
  const options = { port, databaseUrl: `sqlite:${path}`, mqttUrl: null, mqttPort: port + 500, adminPassword: 'bench-password-1' };
  try {
    log('migrating a fresh database');
    await (await PlatformProcess.start(ROOT, options)).stop();
    const t0 = Date.now();
    fillTrail(path, entries);
    log(`wrote ${entries} chained entries in ${((Date.now() - t0) / 1000).toFixed(1)} s; starting the platform`);
    const platform = await PlatformProcess.start(ROOT, options);
    try {
      const sampler = new ProcessSampler(platform.pid);
      const runs = [];
      for (const query of ['format=jsonl', 'format=csv', `format=pdf&to=${new Date(Date.parse('2026-06-01T00:00:00Z') + pdfEntries * 1000).toISOString()}`]) {
        const run = await download(platform, query, sampler);
        log(JSON.stringify(run));
        runs.push(run);
      }
      const t1 = Date.now();
      const verdict = await platform.request<{ ok: boolean; entries: number }>('GET', '/api/audit/verify');
      const verify = { ...verdict, seconds: round((Date.now() - t1) / 1000) };
      log(`verify: ${JSON.stringify(verify)}`);
      const machine = { hostname: hostname(), cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version };
      mkdirSync(args.out, { recursive: true });
      const file = join(args.out, `audit-export-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`);
      writeFileSync(file, JSON.stringify({ benchmark: 'audit-export', at: new Date().toISOString(), machine, entries, pdfEntries, exports: runs, verify }, null, 2) + '\n');
      console.table(runs);
      console.log(`results: ${file}`);
    } finally {
      await platform.stop();
    }
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  }
}

void main().catch((e: Error) => {
  process.stderr.write(`bench:audit failed: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
