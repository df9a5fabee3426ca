import { GENESIS_HASH } from './audit-entry';
import { canonicalJson, hashAuditEntry } from './audit-hash';

const record = {
  at: new Date('2026-11-22T10:00:00.000Z'),
  actor: 'admin',
  role: 'admin',
  action: 'create',
  entity: 'site',
  entityId: 's1',
  before: null,
  after: { b: 1, a: { d: [2, { z: 1, y: 2 }], c: 'x' } },
};

describe(canonicalJson.name, () => {
  it('should sort keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });
  it('should drop undefined members and render dates as ISO strings', () => {
    expect(canonicalJson({ a: undefined, d: new Date(0) })).toBe('{"d":"1970-01-01T00:00:00.000Z"}');
  });
});

describe(hashAuditEntry.name, () => {
  it('should give the same hash for the same content in any key order', () => {
    const reordered = { ...record, after: { a: { c: 'x', d: [2, { y: 2, z: 1 }] }, b: 1 } };
    expect(hashAuditEntry(1, GENESIS_HASH, reordered)).toBe(hashAuditEntry(1, GENESIS_HASH, record));
  });
  it('should change when any field, the id or the previous hash changes', () => {
    const base = hashAuditEntry(1, GENESIS_HASH, record);
    expect(hashAuditEntry(2, GENESIS_HASH, record)).not.toBe(base);
    expect(hashAuditEntry(1, 'f'.repeat(64), record)).not.toBe(base);
    expect(hashAuditEntry(1, GENESIS_HASH, { ...record, actor: 'eve' })).not.toBe(base);
    expect(hashAuditEntry(1, GENESIS_HASH, { ...record, after: { b: 2 } })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});
