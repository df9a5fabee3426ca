import type { VigilConfig } from '@vigil/config';
import { verifyExport, type Actor, type AuditEntry, type AuditVisibility, type Site } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import { ForbiddenError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import type { KeyStore, SettingsRepository, SiteRepository, TransactionRunner } from '../ports';
import { FakeClock } from '../testing';
import { InMemoryAuditRepository } from '../testing/in-memory-audit.repository';
import { AuditChainService } from './audit-chain.service';
import type { AuditNamesService } from './audit-names.service';
import { AuditTrailService } from './audit-trail.service';
import { AuditService } from './audit.service';
import { CsvStringifyWriter } from '@vigil/documents';
import type { PdfRenderer } from '../ports';

const KEY = 'audit-key-of-this-install';
const T0 = new Date('2026-03-01T00:00:00Z');
const site = (id: string, customerId: string): Site => ({
  id,
  code: id,
  name: id,
  region: 'Qingdao',
  parentId: null,
  customerId,
  contractId: null,
  address: null,
  timeZone: 'Asia/Shanghai',
  workingHours: '08:30-17:30',
  siteClass: 'general',
  createdAt: T0,
  updatedAt: T0,
});
const admin: Actor = { userId: 'adm', username: 'alice', role: 'admin', scope: null };
const auditor: Actor = { userId: 'aud', username: 'audrey', role: 'auditor', scope: null };
const auditorB: Actor = { userId: 'aud-b', username: 'bea', role: 'auditor', scope: { customerIds: ['cust-b'], siteIds: [] } };
const adminB: Actor = { ...auditorB, userId: 'adm-b', role: 'admin' };
const operator: Actor = { userId: 'op', username: 'otto', role: 'operator', scope: null };
const mallory: Actor = { userId: 'm', username: '@SUM(1+1)', role: 'admin', scope: null };

/**
 * The trail over in-memory fakes, with six entries a minute apart: 1 site A, 2 a device of B, 3 a user
 * (the estate's), 4 customer B, 5 a device of B removed, 6 a device of A. Built here only, so a change of
 * the service's constructor is a change of this one function.
 */
async function setup() {
  const clock = new FakeClock(T0);
  const repo = new InMemoryAuditRepository(() => KEY);
  const kept = new Map<string, string>();
  const settings = strictFake<SettingsRepository>('settings', { get: async (k: string) => kept.get(k) ?? null });
  const tx = strictFake<TransactionRunner>('tx', { run: (work: () => Promise<unknown>) => work() });
  const keys = strictFake<KeyStore>('keys', { key: async () => KEY });
  const writer = new AuditService(repo, clock);
  const chain = new AuditChainService({ auditRetentionDays: 400 } as VigilConfig, repo, settings, tx, clock, keys);
  const policy = new AccessPolicy(strictFake<SiteRepository>('sites', { listAll: async () => [site('site-a', 'cust-a'), site('site-b', 'cust-b')] }), writer, tx);
  // the CSV adapter itself: the export's bytes are what this spec checks; no PDF is drawn here
  // the names of a page are AuditNamesService's (its own spec); here: what it is asked
  const names = strictFake<AuditNamesService>('names', {
    of: async (_actor: Actor, visibleTo: AuditVisibility | null, entries: AuditEntry[]) => ({
      asked: { name: `${visibleTo?.siteIds.join('+') ?? 'all'}: ${entries.map((e) => e.id).join(',')}` },
    }),
  });
  const trail = new AuditTrailService(repo, chain, policy, clock, strictFake<PdfRenderer>('pdfs'), new CsvStringifyWriter(), names);
  const rows: [Actor, string, string, string, unknown, unknown][] = [
    [admin, 'create', 'site', 'site-a', null, { code: 'A', customerId: 'cust-a' }],
    [admin, 'update', 'device', 'CAM-B1', { name: 'old' }, { name: 'new', siteId: 'site-b' }],
    [admin, 'create', 'user', 'u2', null, { username: 'u2' }],
    [mallory, 'update', 'customer', 'cust-b', { name: 'B' }, { name: '=B Ltd' }],
    [admin, 'delete', 'device', 'CAM-B2', { siteId: 'site-b' }, null],
    [admin, 'update', 'device', 'CAM-A1', null, { siteId: 'site-a' }],
  ];
  for (const [actor, action, entity, id, before, after] of rows) {
    await writer.record(actor, action, entity, id, before, after);
    await clock.advance(60_000);
  }
  return { trail, repo, chain, clock };
}

async function exported(trail: AuditTrailService, actor: Actor, format: 'csv' | 'jsonl', filter = {}) {
  const chunks: string[] = [];
  const proof = await trail.export(actor, format, filter, async (chunk) => void chunks.push(chunk));
  return { proof, text: chunks.join('') };
}
const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const at = (minute: number) => new Date(T0.getTime() + minute * 60_000);

describe(AuditTrailService.name, () => {
  it("should list every entry to an unscoped auditor, and to a scoped one those of its customer's sites and of the customer", async () => {
    const { trail } = await setup();
    expect((await trail.list(auditor, {}, {})).items.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6]);
    const mine = await trail.list(auditorB, {}, {});
    expect([mine.items.map((e) => e.id), mine.total]).toEqual([[2, 4, 5], 3]);
    // names for the page shown, within the reader's sites
    expect(mine.names).toEqual({ asked: { name: 'site-b: 2,4,5' } });
    expect((await trail.list(auditorB, { entity: 'device' }, {})).items.map((e) => e.id)).toEqual([2, 5]);
    expect((await trail.list(auditorB, { from: at(2), to: at(4) }, {})).items.map((e) => e.id)).toEqual([4, 5]);
  });

  it('should refuse a role without audit.read before reading anything, and record the refusal', async () => {
    const { trail, repo } = await setup();
    await expect(trail.list(operator, {}, {})).rejects.toThrow(ForbiddenError);
    await expect(trail.verify(operator)).rejects.toThrow(ForbiddenError);
    await expect(exported(trail, operator, 'jsonl')).rejects.toThrow(ForbiddenError);
    expect(repo.entries.slice(6).map((e) => [e.action, e.actor])).toEqual(Array(3).fill(['access-denied', 'otto']));
  });

  it('should give a scoped auditor its entries in full and a stub of every other, so the whole chain checks out offline', async () => {
    const { trail, chain } = await setup();
    await chain.checkpoint();
    const { proof, text } = await exported(trail, auditorB, 'jsonl');
    const lines = jsonLines(text);
    const entries = lines.filter((l) => !l.proof);
    expect(entries.map((l) => [l.id, l.withheld ?? false])).toEqual([
      [1, true],
      [2, false],
      [3, true],
      [4, false],
      [5, false],
      [6, true],
    ]);
    // a stub names the links and nothing else
    for (const stub of entries.filter((l) => l.withheld)) expect(Object.keys(stub).sort()).toEqual(['hash', 'id', 'prevHash', 'withheld']);
    expect(text).not.toMatch(/site-a|CAM-A1|u2/);
    expect(entries[1]).toMatchObject({ entity: 'device', entityId: 'CAM-B1', actor: 'alice', after: { name: 'new', siteId: 'site-b' } });
    expect(proof).toMatchObject({ entries: 3, withheld: 3, firstId: 1, lastId: 6, checkpoint: { headId: 6 } });
    expect(verifyExport(text, KEY)).toMatchObject({ ok: true, entries: 3, withheld: 3, contiguous: true, checkpointSigned: true });
  });

  it('should leave out of a scoped export the visible entries its filter does not ask for, and still stub the others', async () => {
    const { trail } = await setup();
    const { proof, text } = await exported(trail, auditorB, 'jsonl', { entity: 'device' });
    expect(
      jsonLines(text)
        .filter((l) => !l.proof)
        .map((l) => [l.id, l.withheld ?? false]),
    ).toEqual([
      [1, true],
      [2, false],
      [3, true],
      [5, false],
      [6, true],
    ]);
    expect(proof).toMatchObject({ entries: 2, withheld: 3, checkpoint: null });
    expect(verifyExport(text)).toMatchObject({ ok: true, contiguous: false });
  });

  it('should export to an unscoped auditor only the entries its filters match, without stubs', async () => {
    const { trail } = await setup();
    const dated = await exported(trail, auditor, 'jsonl', { from: at(1), to: at(3) });
    expect(
      jsonLines(dated.text)
        .filter((l) => !l.proof)
        .map((l) => l.id),
    ).toEqual([2, 3, 4]);
    expect(dated.proof).toMatchObject({ entries: 3, withheld: 0, firstId: 2, lastId: 4 });
    expect(verifyExport(dated.text)).toMatchObject({ ok: true, contiguous: true });
    const byActor = await exported(trail, auditor, 'jsonl', { actor: '@SUM(1+1)' });
    expect(
      jsonLines(byActor.text)
        .filter((l) => !l.proof)
        .map((l) => l.id),
    ).toEqual([4]);
  });

  it('should write CSV with a header, neutralised cells, stub rows for the withheld and the proof as a closing comment', async () => {
    const { trail, repo } = await setup();
    const { text } = await exported(trail, auditorB, 'csv');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('\uFEFFid,at,actor,role,action,entity,entityId,before,after,prevHash,hash,withheld,local time');
    expect(lines[1]).toBe(`1,,,,,,,,,${repo.entries[0].prevHash},${repo.entries[0].hash},true,`);
    // a cell a spreadsheet would run as a formula is written as text
    expect(lines[4]).toContain(`4,${at(3).toISOString()},'@SUM(1+1),admin,update,customer,cust-b,`);
    expect(lines[4]).toContain('2026-03-01 08:03:00 +08:00');
    expect(lines).toHaveLength(8);
    expect(JSON.parse(lines[7].slice(2))).toMatchObject({ proof: { entries: 3, withheld: 3, lastHash: repo.entries[5].hash } });
  });

  it("should answer the chain's verdict to any auditor, naming no content", async () => {
    const { trail, repo } = await setup();
    expect(await trail.verify(auditorB)).toEqual({ ok: true, entries: 6, lastProven: 6, firstHash: repo.entries[0].hash, lastHash: repo.entries[5].hash });
    repo.entries[2] = { ...repo.entries[2], after: { username: 'forged' } };
    expect(await trail.verify(auditor)).toEqual({
      ok: false,
      entries: 2,
      lastProven: null,
      brokenAt: 3,
      problem: 'edited',
      reason: expect.stringContaining('does not match its hash'),
    });
  });

  it('should let only an unscoped admin sign a checkpoint, and show the checkpoints to auditors', async () => {
    const { trail, repo } = await setup();
    await expect(trail.checkpoint(auditor)).rejects.toThrow(ForbiddenError);
    await expect(trail.checkpoint(adminB)).rejects.toThrow(ForbiddenError);
    const signed = await trail.checkpoint(admin);
    expect(signed).toMatchObject({ id: 1, headId: 8, headHash: repo.entries[7].hash });
    expect(await trail.checkpoints(auditorB)).toEqual({ items: [signed], total: 1 });
  });
});
