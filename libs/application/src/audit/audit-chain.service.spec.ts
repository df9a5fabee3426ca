import type { VigilConfig } from '@vigil/config';
import { DAY_MS, GENESIS_HASH, hashAuditEntry, sealHead, type Actor, type AuditEntry } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { KeyStore, SettingsRepository, TransactionRunner } from '../ports';
import { FakeClock } from '../testing';
import { InMemoryAuditRepository } from '../testing/in-memory-audit.repository';
import { AuditChainService, ChainNotVerified } from './audit-chain.service';
import { AuditService } from './audit.service';

const KEY = 'audit-key-of-this-install';
const admin: Actor = { userId: 'u1', username: 'alice', role: 'admin', scope: null };

/** The chain over in-memory fakes of its ports; `key` is what the key store answers now. */
function setup() {
  const state = { key: KEY };
  const clock = new FakeClock('2026-01-01T00:00:00Z');
  const repo = new InMemoryAuditRepository(() => state.key);
  const kept = new Map<string, string>();
  const settings = strictFake<SettingsRepository>('settings', {
    get: async (k: string) => kept.get(k) ?? null,
    put: async (k: string, v: string) => void kept.set(k, v),
  });
  const tx = strictFake<TransactionRunner>('tx', { run: (work: () => Promise<unknown>) => work() });
  const keys = strictFake<KeyStore>('keys', { key: async () => state.key });
  const chain = new AuditChainService({ auditRetentionDays: 400 } as VigilConfig, repo, settings, tx, clock, keys);
  const writer = new AuditService(repo, clock);
  const write = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => writer.record(admin, 'update', 'device', `CAM-${i}`, { name: 'old' }, { name: `new ${i}` })));
  return { chain, repo, clock, kept, state, write };
}

/** An entry rewritten whole by someone who knows the hash function but not the key: its own hash fits again. */
const rehashed = (e: AuditEntry, change: Partial<AuditEntry>): AuditEntry => {
  const next = { ...e, ...change };
  return { ...next, hash: hashAuditEntry(next.id, next.prevHash, next) };
};

describe(AuditChainService.name, () => {
  it('should link each entry to the hash of the one before it, the first to genesis, and prove the newest by the signed head', async () => {
    const { chain, repo, write } = setup();
    await write(3);
    const [a, b, c] = repo.entries;
    expect([a.id, b.id, c.id]).toEqual([1, 2, 3]);
    expect([a.prevHash, b.prevHash, c.prevHash]).toEqual([GENESIS_HASH, a.hash, b.hash]);
    expect(c.hash).toBe(hashAuditEntry(3, b.hash, c));
    expect(await chain.verify()).toEqual({ ok: true, entries: 3, lastProven: 3, firstHash: a.hash, lastHash: c.hash });
  });

  it('should pass a fresh install with nothing written yet', async () => {
    const { chain } = setup();
    expect(await chain.verify()).toMatchObject({ ok: true, entries: 0 });
  });

  it('should name an entry whose content was edited', async () => {
    const { chain, repo, write } = setup();
    await write(3);
    repo.entries[1] = { ...repo.entries[1], after: { name: 'forged' } };
    expect(await chain.verify()).toMatchObject({ ok: false, entries: 1, brokenAt: 2, problem: 'edited', reason: expect.stringContaining('does not match its hash') });
  });

  it('should name an entry rewritten with a fitting hash by the broken link after it', async () => {
    const { chain, repo, write } = setup();
    await write(3);
    repo.entries[1] = rehashed(repo.entries[1], { actor: 'mallory' });
    expect(await chain.verify()).toMatchObject({ ok: false, brokenAt: 3, problem: 'unlinked', reason: expect.stringContaining('does not link') });
  });

  it('should name the gap an entry removed from the middle leaves', async () => {
    const { chain, repo, write } = setup();
    await write(4);
    repo.entries.splice(1, 1);
    expect(await chain.verify()).toMatchObject({ ok: false, entries: 1, brokenAt: 3, problem: 'missing', reason: 'entries 2…2 are missing (deleted)' });
  });

  it('should tell that the newest entries were cut off, from the signed head', async () => {
    const { chain, repo, write } = setup();
    await write(4);
    repo.entries.splice(2);
    expect(await chain.verify()).toMatchObject({ ok: false, entries: 2, problem: 'tail-cut', reason: expect.stringContaining('entries 3…4 are missing') });
  });

  it('should refuse a head that is missing, signed with another key, or outrun by entries added behind its back', async () => {
    const missing = setup();
    await missing.write(2);
    missing.repo.signed = null;
    expect(await missing.chain.verify()).toMatchObject({ ok: false, problem: 'head-missing', reason: expect.stringContaining('the signed head is missing') });

    const forged = setup();
    await forged.write(2);
    const last = forged.repo.entries[1];
    forged.repo.signed = sealHead('another-key', last.id, last.hash, 2);
    expect(await forged.chain.verify()).toMatchObject({ ok: false, problem: 'head-signature', reason: expect.stringContaining('does not match its signature') });

    const added = setup();
    await added.write(2);
    const prev = added.repo.entries[1];
    added.repo.entries.push(rehashed({ ...prev, id: 3, prevHash: prev.hash }, { actor: 'mallory' }));
    expect(await added.chain.verify()).toMatchObject({ ok: false, brokenAt: 3, problem: 'added-after-head', reason: expect.stringContaining('added behind') });
  });

  it('should refuse a newest entry replaced whole: it no longer is the one the head signed', async () => {
    const { chain, repo, write } = setup();
    await write(3);
    repo.entries[2] = rehashed(repo.entries[2], { after: { name: 'forged' } });
    expect(await chain.verify()).toMatchObject({ ok: false, brokenAt: 3, problem: 'head-replaced', reason: 'differs from the signed head (replaced)' });
  });

  it('should sign a checkpoint of the head once until the chain grows, a new one when forced, and none of an empty chain', async () => {
    const { chain, repo, clock, write } = setup();
    expect(await chain.checkpoint()).toBeNull();
    await write(2);
    const first = await chain.checkpoint();
    expect(first).toMatchObject({ id: 1, headId: 2, headHash: repo.entries[1].hash, count: 2, at: clock.now() });
    expect(await chain.checkpoint()).toEqual(first);
    expect(await chain.checkpoint(true)).toMatchObject({ id: 2, headId: 2 });
    await write(1);
    expect(await chain.checkpoint()).toMatchObject({ id: 3, headId: 3, count: 3 });
    expect((await chain.checkpoints()).map((c) => c.id)).toEqual([1, 2, 3]);
    expect(await chain.verify()).toMatchObject({ ok: true, entries: 3 });
  });

  it('should refuse a checkpoint whose signature does not fit, and an entry that differs from the checkpoint of it', async () => {
    const bad = setup();
    await bad.write(2);
    await bad.chain.checkpoint();
    bad.repo.stored[0] = { ...bad.repo.stored[0], count: 5 };
    expect(await bad.chain.verify()).toMatchObject({ ok: false, brokenAt: 2, problem: 'checkpoint-signature', reason: 'checkpoint 1 has a bad signature' });

    // entry 2 rewritten and the entry after it linked to the rewrite: every link fits, the checkpoint of entry 2 does not
    const rewritten = setup();
    await rewritten.write(2);
    await rewritten.chain.checkpoint();
    await rewritten.write(1);
    const [a, b, c] = rewritten.repo.entries;
    const b2 = rehashed(b, { actor: 'mallory' });
    rewritten.repo.entries = [a, b2, rehashed(c, { prevHash: b2.hash })];
    expect(await rewritten.chain.verify()).toMatchObject({
      ok: false,
      brokenAt: 2,
      problem: 'checkpoint-differs',
      reason: expect.stringContaining('differs from the signed checkpoint'),
    });
  });

  it('should purge up to the newest checkpoint older than the retention, record it signed, and still verify from there', async () => {
    const { chain, repo, clock, kept, write } = setup();
    await write(3);
    await chain.checkpoint();
    await clock.advance(DAY_MS);
    await write(2);
    await chain.checkpoint();
    // the second checkpoint is not old enough yet
    const removed = await chain.purge(new Date(clock.now().getTime() + 400 * DAY_MS - 1));
    expect(removed).toBe(3);
    expect(repo.entries.map((e) => [e.id, e.action])).toEqual([
      [4, 'update'],
      [5, 'update'],
      [6, 'purge'],
    ]);
    expect(JSON.parse(kept.get('audit-purge')!)).toMatchObject({ checkpointId: 1, headId: 3, headHash: expect.any(String), signature: expect.any(String) });
    expect(await chain.verify()).toMatchObject({ ok: true, entries: 3, lastProven: 6 });
    // nothing older than the retention is left that a checkpoint anchors
    expect(await chain.purge(new Date(clock.now().getTime() + 400 * DAY_MS - 1))).toBe(0);
  });

  it('should refuse a purge record that was changed: moved to another checkpoint, or only its date', async () => {
    for (const change of [{ headId: 1 }, { purgedAt: '2020-01-01T00:00:00.000Z' }]) {
      const { chain, clock, kept, write } = setup();
      await write(3);
      await chain.checkpoint();
      await chain.purge(new Date(clock.now().getTime() + 401 * DAY_MS));
      expect(await chain.verify()).toMatchObject({ ok: true });
      kept.set('audit-purge', JSON.stringify({ ...JSON.parse(kept.get('audit-purge')!), ...change }));
      expect(await chain.verify()).toMatchObject({ ok: false, problem: 'purge-record', reason: expect.stringContaining('purge record') });
    }
  });

  it('should re-sign a sound chain with a new key and record the rotation, and refuse to launder a broken one', async () => {
    const sound = setup();
    await sound.write(2);
    await sound.chain.checkpoint();
    const stored: string[] = [];
    expect(await sound.chain.rekey('new-key', async () => void stored.push('new-key'))).toEqual({ checkpoints: 1, lastProven: 2 });
    expect(stored).toEqual(['new-key']);
    expect(sound.repo.entries.at(-1)).toMatchObject({ action: 'rekey', actor: 'system' });
    sound.state.key = 'new-key';
    expect(await sound.chain.verify()).toMatchObject({ ok: true, entries: 3 });

    const broken = setup();
    await broken.write(2);
    broken.repo.entries[0] = { ...broken.repo.entries[0], actor: 'mallory' };
    await expect(broken.chain.rekey('new-key')).rejects.toThrow(ChainNotVerified);
    expect(broken.repo.entries).toHaveLength(2);
  });
});
