import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditChainService } from '@vigil/application';
import { hashAuditEntry, verifyExport } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { binary, pdfText } from '../support/pdf';
import { makeSite, tokensByRole } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

describe.each(databaseTargets())('audit trail on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let tokens: Awaited<ReturnType<typeof tokensByRole>>;
  let sql: DataSource;
  const as = (role: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[role]}` });
  const q = (n: number) => (target.name === 'postgres' ? `$${n}` : '?');
  const col = (name: string) => (target.name === 'postgres' ? `"${name}"` : name);

  /** Statements run behind the application's back, as someone with database access would. */
  async function tamper(...statements: [string, unknown[]][]): Promise<void> {
    const runner = sql.createQueryRunner();
    // on PostgreSQL the superuser switches triggers off for its session: the append-only guard is for the application's role
    if (target.name === 'postgres') await runner.query('SET session_replication_role = replica');
    try {
      for (const [text, params] of statements) await runner.query(text, params);
    } finally {
      if (target.name === 'postgres') await runner.query('SET session_replication_role = DEFAULT');
      await runner.release();
    }
  }
  const columns = () => `id, at, actor, role, action, entity, ${col('entityId')}, before, after, ${col('prevHash')}, hash`;
  const insert = (r: Record<string, unknown>): [string, unknown[]] => [
    `INSERT INTO audit_entries (${columns()}) VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(q).join(',')})`,
    [r.id, r.at, r.actor, r.role, r.action, r.entity, r.entityId, r.before, r.after, r.prevHash, r.hash],
  ];
  const text = (res: any, done: (err: Error | null, body: string) => void) => binary(res, (err, body) => done(err, body.toString('utf8')));

  const verify = async () => (await platform.http.get('/api/audit/verify').set(as('auditor')).expect(200)).body;
  const row = async (id: number) => (await sql.query(`SELECT * FROM audit_entries WHERE id = ${q(1)}`, [id]))[0];

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { env: { MQTT_CLIENT_ID: `a-${randomBytes(4).toString('hex')}` } });
    tokens = await tokensByRole(platform, await platform.login());
    for (let i = 0; i < 5; i += 1) await platform.http.post('/api/sites').set(as('admin')).send(makeSite()).expect(201);
    sql = new DataSource(target.name === 'postgres' ? { type: 'postgres', url: db.url } : { type: 'better-sqlite3', database: db.url.slice('sqlite:'.length) });
    await sql.initialize();
  });

  afterAll(async () => {
    await sql?.destroy();
    await platform?.close();
    await db?.drop();
  });

  it('should list entries oldest first for auditors and admins only, and verify an untouched chain', async () => {
    const list = (await platform.http.get('/api/audit?entity=site').set(as('auditor')).expect(200)).body;
    expect(list.total).toBe(5);
    expect(list.items[0]).toEqual(
      expect.objectContaining({
        id: expect.any(Number),
        at: expect.any(String),
        actor: 'admin',
        role: 'admin',
        action: 'create',
        entity: 'site',
        prevHash: expect.any(String),
        hash: expect.any(String),
      }),
    );
    expect(list.items[1].prevHash).not.toBe(list.items[0].prevHash);
    for (const role of ['supervisor', 'operator', 'engineer'] as const) expect((await platform.http.get('/api/audit').set(as(role))).status).toBe(403);
    expect(await verify()).toMatchObject({ ok: true, entries: expect.any(Number) });
  });

  it('should name an edited row, then accept it once restored', async () => {
    const victim = await row(3);
    await tamper([`UPDATE audit_entries SET ${col('actor')} = ${q(1)} WHERE id = ${q(2)}`, ['mallory', 3]]);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringContaining('edited') });
    await tamper([`UPDATE audit_entries SET ${col('actor')} = ${q(1)} WHERE id = ${q(2)}`, [victim.actor, 3]]);
    expect((await verify()).ok).toBe(true);
  });

  it('should name the row after a deleted one', async () => {
    const victim = await row(4);
    await tamper([`DELETE FROM audit_entries WHERE id = ${q(1)}`, [4]]);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 5, reason: expect.stringContaining('missing') });
    await tamper(insert(victim));
    expect((await verify()).ok).toBe(true);
  });

  it('should name reordered rows', async () => {
    const [a, b] = [await row(2), await row(3)];
    const swap = (x: typeof a, id: number): [string, unknown[]] => [
      `UPDATE audit_entries SET at = ${q(1)}, ${col('entityId')} = ${q(2)}, after = ${q(3)}, ${col('prevHash')} = ${q(4)}, hash = ${q(5)} WHERE id = ${q(6)}`,
      [x.at, x.entityId, x.after, x.prevHash, x.hash, id],
    ];
    await tamper(swap(b, 2), swap(a, 3));
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 2 });
    await tamper(swap(a, 2), swap(b, 3));
    expect((await verify()).ok).toBe(true);
  });

  it('should name a row inserted behind the application, even one hashed and linked correctly: the signed head does not cover it', async () => {
    const head = (await platform.http.get('/api/audit').set(as('auditor')).expect(200)).body;
    const last = head.items[head.items.length - 1];
    const id = last.id + 1;
    await tamper(
      insert({
        id,
        at: new Date().toISOString(),
        actor: 'admin',
        role: 'admin',
        action: 'delete',
        entity: 'site',
        entityId: 'x',
        before: null,
        after: null,
        prevHash: last.hash,
        hash: 'f'.repeat(64),
      }),
    );
    expect(await verify()).toMatchObject({ ok: false, brokenAt: id });
    await tamper([`DELETE FROM audit_entries WHERE id = ${q(1)}`, [id]]);
    expect((await verify()).ok).toBe(true);

    const record = { at: new Date(), actor: 'admin', role: 'admin', action: 'delete', entity: 'site', entityId: 'x', before: null, after: null };
    await tamper(insert({ ...record, id, at: record.at.toISOString(), prevHash: last.hash, hash: hashAuditEntry(id, last.hash, record) }));
    expect(await verify()).toMatchObject({ ok: false, brokenAt: id, reason: expect.stringContaining('after the signed head') });
    await tamper([`DELETE FROM audit_entries WHERE id = ${q(1)}`, [id]]);
    expect(await verify()).toMatchObject({ ok: true, lastProven: last.id });
  });

  it('should catch the newest entries cut off, naming the last entry it can prove, and keep the gap visible when the chain goes on', async () => {
    const checkpoint = (await platform.http.post('/api/audit/checkpoints').set(as('admin')).expect(201)).body;
    expect(checkpoint).toMatchObject({ headHash: expect.stringMatching(/^[0-9a-f]{64}$/), signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
    for (let i = 0; i < 3; i += 1) await platform.http.post('/api/sites').set(as('admin')).send(makeSite()).expect(201);
    const newest = checkpoint.headId + 3;
    expect(await verify()).toMatchObject({ ok: true, lastProven: newest });
    const cut = [await row(newest - 1), await row(newest)];
    await tamper([`DELETE FROM audit_entries WHERE id >= ${q(1)}`, [newest - 1]]);
    expect(await verify()).toMatchObject({ ok: false, lastProven: checkpoint.headId, reason: expect.stringContaining('cut off') });
    // the next change links to the signed head, not to what is left: the cut stays a gap
    await platform.http.post('/api/sites').set(as('admin')).send(makeSite()).expect(201);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: newest + 1, lastProven: checkpoint.headId, reason: expect.stringContaining('missing') });
    await tamper(...cut.map(insert));
    expect(await verify()).toMatchObject({ ok: true, lastProven: newest + 1 });
  });

  it('should refuse a head that was edited or removed', async () => {
    const [head] = await sql.query('SELECT * FROM audit_head');
    await tamper([`UPDATE audit_head SET ${col('lastId')} = ${q(1)}, count = ${q(2)}`, [head.lastId - 1, head.count - 1]]);
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringContaining('signature') });
    await tamper([`UPDATE audit_head SET ${col('lastId')} = ${q(1)}, count = ${q(2)}`, [head.lastId, head.count]]);
    expect(await verify()).toMatchObject({ ok: true, lastProven: head.lastId });
    await tamper(['DELETE FROM audit_head', []]);
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringContaining('head is missing') });
    await tamper([
      `INSERT INTO audit_head (id, ${col('lastId')}, ${col('lastHash')}, count, signature) VALUES (1, ${[1, 2, 3, 4].map(q).join(', ')})`,
      [head.lastId, head.lastHash, head.count, head.signature],
    ]);
    expect((await verify()).ok).toBe(true);
  });

  (target.name === 'postgres' ? it : it.skip)('should refuse UPDATE and DELETE of audit rows to the application on PostgreSQL', async () => {
    await expect(sql.query('UPDATE audit_entries SET actor = $1 WHERE id = 1', ['mallory'])).rejects.toThrow('append-only');
    await expect(sql.query('DELETE FROM audit_entries WHERE id = 1')).rejects.toThrow('append-only');
  });

  (target.name === 'postgres' ? it : it.skip)(
    "should leave the application's own role only SELECT and INSERT once the audit tables are locked to their owner (deploy/postgres/lock-audit.sql)",
    async () => {
      const role = `vigil_app_${randomBytes(4).toString('hex')}`;
      await sql.query(`CREATE ROLE ${role} LOGIN`);
      await sql.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`);
      const lock = spawnSync('psql', [db.url, '-q', '-v', `app_role=${role}`, '-f', join(__dirname, '../../deploy/postgres/lock-audit.sql')], { encoding: 'utf8' });
      expect(lock.stderr).not.toContain('ERROR');
      expect(lock.status).toBe(0);
      const url = new URL(db.url);
      url.username = role;
      const app = new DataSource({ type: 'postgres', url: url.toString() });
      await app.initialize();
      try {
        expect((await app.query('SELECT count(*)::int AS n FROM audit_entries'))[0].n).toBeGreaterThan(0);
        await expect(app.query('UPDATE audit_entries SET actor = $1 WHERE id = 1', ['mallory'])).rejects.toThrow(/permission denied/);
        await expect(app.query('DELETE FROM audit_entries WHERE id = 1')).rejects.toThrow(/permission denied/);
        // the trigger's purge switch does not help a role that holds no DELETE
        await expect(
          app.transaction(async (m) => {
            await m.query("SELECT set_config('vigil.audit_purge', 'on', true)");
            await m.query('DELETE FROM audit_entries WHERE id = 1');
          }),
        ).rejects.toThrow(/permission denied/);
        await expect(app.query('TRUNCATE audit_entries')).rejects.toThrow(/permission denied|must be owner/);
        // other tables are the application's as before
        expect((await app.query('SELECT count(*)::int AS n FROM sites'))[0].n).toBeGreaterThan(0);
      } finally {
        await app.destroy();
        await sql.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
        await sql.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`);
        await sql.query(`DROP ROLE ${role}`);
      }
      expect((await verify()).ok).toBe(true);
    },
  );

  it('should export as JSON Lines and CSV with the chain proof', async () => {
    const jsonl = await platform.http.get('/api/audit/export?format=jsonl&entity=site').set(as('auditor')).buffer(true).parse(text).expect(200);
    const lines = (jsonl.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const proof = lines.pop().proof;
    const n = (await platform.http.get('/api/audit?entity=site').set(as('auditor')).expect(200)).body.total;
    expect(lines).toHaveLength(n);
    expect(proof).toMatchObject({ entries: n, withheld: 0, firstHash: lines[0].hash, lastHash: lines[n - 1].hash });
    // the offline check a recipient runs (npm run audit:verify -- --file): intact, then with one entry altered
    expect(verifyExport(jsonl.body as string)).toMatchObject({ ok: true, entries: n, withheld: 0, problems: [] });
    const altered = (jsonl.body as string).replace(lines[2].entityId, 'SOMEWHERE-ELSE');
    expect(verifyExport(altered)).toMatchObject({ ok: false, problems: [`entry ${lines[2].id}: its content does not match its hash`] });
    const csv = await platform.http.get('/api/audit/export?format=csv').set(as('admin')).buffer(true).parse(text).expect(200);
    const csvText = csv.body as string;
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csvText.split('\n')[0]).toContain('prevHash');
    expect(csvText.trim().split('\n').at(-1)).toMatch(/^# \{"proof":/);
    expect((await platform.http.get('/api/audit/export?format=xml').set(as('admin'))).status).toBe(400);
    const pdf = await platform.http.get('/api/audit/export?format=pdf&entity=site').set(as('auditor')).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const printed = await pdfText(pdf.body as Buffer);
    expect(printed).toContain('审计记录 Audit trail');
    expect(printed).toContain('链证明 Chain proof');
    expect(printed.replace(/\s/g, '')).toContain(proof.lastHash);
  });

  it('should purge entries past retention only up to a signed checkpoint, and verify from there; a forged purge record fails', async () => {
    const chain = platform.app.get(AuditChainService);
    const checkpoint = (await platform.http.post('/api/audit/checkpoints').set(as('admin')).expect(201)).body;
    await platform.http.post('/api/sites').set(as('admin')).send(makeSite()).expect(201);
    const before = (await verify()).entries as number;
    // nothing is old enough yet
    expect(await chain.purge()).toBe(0);
    const removed = await chain.purge(new Date(Date.now() + 401 * 86_400_000));
    expect(removed).toBe(checkpoint.headId);
    const after = await verify();
    expect(after).toMatchObject({ ok: true });
    expect(after.entries).toBe(before - removed + 1);
    const first = (await platform.http.get('/api/audit?limit=1').set(as('auditor')).expect(200)).body.items[0];
    expect(first.id).toBe(checkpoint.headId + 1);
    expect(first.prevHash).toBe(checkpoint.headHash);
    const purged = (await platform.http.get('/api/audit?entity=audit-trail').set(as('auditor')).expect(200)).body.items;
    expect(purged.at(-1)).toMatchObject({ action: 'purge', actor: 'system' });
    // someone deletes more of the oldest entries and moves the purge record along: the signature gives it away
    const record = JSON.parse((await sql.query(`SELECT value FROM settings WHERE ${col('key')} = ${q(1)}`, ['audit-purge']))[0].value);
    await tamper(
      [`DELETE FROM audit_entries WHERE id = ${q(1)}`, [first.id]],
      [`UPDATE settings SET value = ${q(1)} WHERE ${col('key')} = ${q(2)}`, [JSON.stringify({ ...record, headId: first.id, headHash: first.hash }), 'audit-purge']],
    );
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringContaining('purge record') });
  });
});
