import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ChainNotVerified } from '@vigil/application';
import { rotateAuditKey, withAuditChain } from '../../apps/scheduler/src/audit-cli';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

const KEY_SETTINGS = ['jwt-secret', 'audit-key'];

describe.each(databaseTargets())('secret keys on $name', (target) => {
  let db: TestDatabase;
  let dataDir: string;
  let platform: TestPlatform | null = null;
  let sql: DataSource;
  const sqlite = target.name === 'sqlite';
  const p = (n: number) => (sqlite ? '?' : `$${n}`);
  const keyCol = sqlite ? 'key' : '"key"';
  const file = (name: string) => join(dataDir, 'keys', `${name}.key`);
  const start = async (env: Record<string, string> = {}) => (platform = await startTestPlatform(db, { env: { VIGIL_DATA_DIR: dataDir, ...env } }));
  const stop = async () => {
    await platform?.close();
    platform = null;
  };
  const keysInDatabase = async () =>
    (await sql.query(`SELECT ${keyCol} AS k, value FROM settings WHERE ${keyCol} IN (${p(1)}, ${p(2)}) ORDER BY ${keyCol}`, KEY_SETTINGS)).map(
      (r: { k: string; value: string }) => [r.k, r.value],
    );

  beforeAll(async () => {
    db = await target.create();
    dataDir = mkdtempSync(join(tmpdir(), 'vigil-keys-'));
    await start();
    sql = new DataSource(sqlite ? { type: 'better-sqlite3', database: db.url.slice('sqlite:'.length) } : { type: 'postgres', url: db.url });
    await sql.initialize();
  });

  afterAll(async () => {
    await stop();
    await sql?.destroy();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  (sqlite ? it : it.skip)('should keep both keys in 0600 files of VIGIL_DATA_DIR/keys on SQLite, none in the database', async () => {
    for (const name of ['jwt', 'audit']) {
      expect(statSync(file(name)).mode & 0o777).toBe(0o600);
      expect(readFileSync(file(name), 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{64}$/);
    }
    expect(statSync(join(dataDir, 'keys')).mode & 0o777).toBe(0o700);
    expect(await keysInDatabase()).toEqual([]);
  });

  (sqlite ? it : it.skip)('should move keys an earlier version kept in the database to the files, so its tokens and checkpoints stay valid', async () => {
    const token = await platform!.login();
    const auth = { Authorization: `Bearer ${token}` };
    await platform!.http.post('/api/audit/checkpoints').set(auth).expect(201);
    await stop();
    // an install of the earlier version: the same keys in the settings table, no key files
    const held = { jwt: readFileSync(file('jwt'), 'utf8').trim(), audit: readFileSync(file('audit'), 'utf8').trim() };
    await sql.query(`INSERT INTO settings (${keyCol}, value) VALUES (${p(1)}, ${p(2)}), (${p(3)}, ${p(4)})`, ['jwt-secret', held.jwt, 'audit-key', held.audit]);
    unlinkSync(file('jwt'));
    unlinkSync(file('audit'));
    await start();
    expect(readFileSync(file('jwt'), 'utf8').trim()).toBe(held.jwt);
    expect(readFileSync(file('audit'), 'utf8').trim()).toBe(held.audit);
    expect(statSync(file('audit')).mode & 0o777).toBe(0o600);
    expect(await keysInDatabase()).toEqual([]);
    await platform!.http.get('/api/sites').set(auth).expect(200);
    expect((await platform!.http.get('/api/audit/verify').set(auth).expect(200)).body).toMatchObject({ ok: true });
  });

  (sqlite ? it : it.skip)('should let the environment win over the file, and refuse to start on a key file others may read', async () => {
    const token = await platform!.login();
    await stop();
    await start({ VIGIL_JWT_SECRET: 'e'.repeat(40) });
    await platform!.http
      .get('/api/sites')
      .set({ Authorization: `Bearer ${token}` })
      .expect(401);
    await stop();
    chmodSync(file('audit'), 0o644);
    await expect(start()).rejects.toThrow(/audit\.key is open to other users/);
    chmodSync(file('audit'), 0o600);
    await start();
  });

  (sqlite ? it.skip : it)('should keep the keys in the database on PostgreSQL when the environment names none, and write no key file for them', async () => {
    expect((await keysInDatabase()).map(([k]: string[]) => k)).toEqual(['audit-key', 'jwt-secret']);
    // (the embedded broker's platform login, mqtt-service.key, is a file on every database)
    expect(existsSync(file('jwt'))).toBe(false);
    expect(existsSync(file('audit'))).toBe(false);
  });

  it('should rotate the audit key with the platform stopped: a broken chain is not re-signed, an intact one verifies under the new key', async () => {
    const auth = { Authorization: `Bearer ${await platform!.login()}` };
    await platform!.http.post('/api/audit/checkpoints').set(auth).expect(201);
    const before = (await platform!.http.get('/api/audit/checkpoints').set(auth).expect(200)).body.items;
    await stop();
    const currentKey = async () => (sqlite ? readFileSync(file('audit'), 'utf8').trim() : (await keysInDatabase()).find(([k]: string[]) => k === 'audit-key')[1]);
    const oldKey = await currentKey();
    // what `npm run audit:rekey` runs, on this database and data directory
    const rekey = async () => {
      const saved = { ...process.env };
      Object.assign(process.env, { DATABASE_URL: db.url, VIGIL_DATA_DIR: dataDir });
      try {
        return await withAuditChain((chain, config, settings) => rotateAuditKey(chain, config, settings, null));
      } finally {
        process.env = saved;
      }
    };
    const [newest] = await sql.query('SELECT * FROM audit_entries ORDER BY id DESC LIMIT 1');
    const runner = sql.createQueryRunner();
    if (!sqlite) await runner.query('SET session_replication_role = replica');
    await runner.query(`DELETE FROM audit_entries WHERE id = ${p(1)}`, [newest.id]);
    await expect(rekey()).rejects.toThrow(ChainNotVerified);
    expect(await currentKey()).toBe(oldKey);
    if (sqlite) expect(existsSync(`${file('audit')}.new`)).toBe(false);
    const columns = Object.keys(newest);
    await runner.query(
      `INSERT INTO audit_entries (${columns.map((c) => (sqlite ? c : `"${c}"`)).join(', ')}) VALUES (${columns.map((_, i) => p(i + 1)).join(', ')})`,
      columns.map((c) => newest[c]),
    );
    if (!sqlite) await runner.query('SET session_replication_role = DEFAULT');
    await runner.release();

    expect(await rekey()).toMatchObject({ checkpoints: before.length, lastProven: newest.id });
    expect(await currentKey()).not.toBe(oldKey);
    await start();
    // the checkpoints re-signed, oldest first (the scheduler may since have signed one more at start-up)
    const after = (await platform!.http.get('/api/audit/checkpoints').set(auth).expect(200)).body.items.slice(0, before.length);
    expect(after.map((c: { headHash: string }) => c.headHash)).toEqual(before.map((c: { headHash: string }) => c.headHash));
    expect(after[0].signature).not.toBe(before[0].signature);
    const verdict = (await platform!.http.get('/api/audit/verify').set(auth).expect(200)).body;
    expect(verdict).toMatchObject({ ok: true, lastProven: newest.id + 1 });
    const rotation = (await platform!.http.get('/api/audit?entity=audit-trail').set(auth).expect(200)).body.items.at(-1);
    expect(rotation).toMatchObject({ action: 'rekey', actor: 'system' });
  });
});
