import { GENESIS_HASH, type AuditEntry } from './audit-entry';
import { hashAuditEntry } from './audit-hash';
import { ChainVerifier, signCheckpoint } from './verify-chain';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let id = 1; id <= n; id += 1) {
    const record = {
      at: new Date(Date.UTC(2026, 10, 22, 0, id)),
      actor: 'admin',
      role: 'admin',
      action: 'update',
      entity: 'site',
      entityId: `s${id}`,
      before: { n: id - 1 },
      after: { n: id },
    };
    const hash = hashAuditEntry(id, prev, record);
    out.push({ ...record, id, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

function verify(entries: AuditEntry[]) {
  const v = new ChainVerifier(GENESIS_HASH, 1);
  for (const e of entries) if (!v.push(e)) break;
  return v.verdict();
}

describe(ChainVerifier.name, () => {
  it('should accept an untouched chain and give its first and last hash', () => {
    const c = chain(5);
    expect(verify(c)).toEqual({ ok: true, entries: 5, firstHash: c[0].hash, lastHash: c[4].hash });
  });

  it('should name an edited entry', () => {
    const c = chain(5);
    c[2] = { ...c[2], after: { n: 999 } };
    expect(verify(c)).toMatchObject({ ok: false, brokenAt: 3, problem: 'edited', reason: expect.stringContaining('edited') });
  });

  it('should name the entry after a deleted one', () => {
    const c = chain(5);
    c.splice(1, 1);
    expect(verify(c)).toMatchObject({ ok: false, brokenAt: 3, problem: 'missing', reason: expect.stringContaining('missing') });
  });

  it('should name swapped entries even when their ids were swapped to match', () => {
    const c = chain(5);
    const [a, b] = [c[1], c[2]];
    c[1] = { ...b, id: 2 };
    c[2] = { ...a, id: 3 };
    expect(verify(c)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('should name an inserted entry, even one hashed correctly on its own', () => {
    const c = chain(3);
    const forged = { ...c[1], entityId: 'forged', prevHash: c[0].hash };
    forged.hash = hashAuditEntry(2, forged.prevHash, forged);
    const tampered = [c[0], forged, { ...c[2] }];
    expect(verify(tampered)).toMatchObject({ ok: false, brokenAt: 3, problem: 'unlinked', reason: expect.stringContaining('link') });
  });

  it('should sign checkpoints so a different key or head does not match', () => {
    const c = { at: new Date('2026-11-22T00:00:00Z'), headId: 10, headHash: 'ab'.repeat(32), count: 10 };
    expect(signCheckpoint('k1', c)).toBe(signCheckpoint('k1', { ...c }));
    expect(signCheckpoint('k2', c)).not.toBe(signCheckpoint('k1', c));
    expect(signCheckpoint('k1', { ...c, headId: 9 })).not.toBe(signCheckpoint('k1', c));
  });
});
