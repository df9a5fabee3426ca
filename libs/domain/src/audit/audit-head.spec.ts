import { GENESIS_HASH } from './audit-entry';
import { headSigned, nextLink, sealHead } from './audit-head';

const KEY = 'k'.repeat(40);

describe(nextLink.name, () => {
  it('should start a fresh chain at 1 from genesis and sign its head', () => {
    expect(nextLink(KEY, null, null)).toEqual({ id: 1, prevHash: GENESIS_HASH, count: 1 });
  });

  it('should link to a sound head, even when newer entries were cut off behind it, so the cut stays a gap', () => {
    const head = sealHead(KEY, 10, 'a'.repeat(64), 10);
    expect(nextLink(KEY, head, { id: 10, hash: 'a'.repeat(64) })).toEqual({ id: 11, prevHash: 'a'.repeat(64), count: 11 });
    expect(nextLink(KEY, head, { id: 7, hash: 'b'.repeat(64) })).toEqual({ id: 11, prevHash: 'a'.repeat(64), count: 11 });
  });

  it('should adopt the unsigned head an upgrade wrote', () => {
    expect(nextLink(KEY, { lastId: 5, lastHash: 'c'.repeat(64), count: 5, signature: null }, { id: 5, hash: 'c'.repeat(64) })).toEqual({
      id: 6,
      prevHash: 'c'.repeat(64),
      count: 6,
    });
  });

  it('should not re-sign a head that is missing, forged, or overtaken by entries added behind its back', () => {
    const last = { id: 12, hash: 'd'.repeat(64) };
    expect(nextLink(KEY, null, last)).toEqual({ id: 13, prevHash: last.hash, count: null });
    expect(nextLink(KEY, { ...sealHead(KEY, 12, last.hash, 12), count: 3 }, last).count).toBeNull();
    expect(nextLink(KEY, sealHead('other-key-'.repeat(4), 12, last.hash, 12), last).count).toBeNull();
    expect(nextLink(KEY, sealHead(KEY, 10, 'a'.repeat(64), 10), last)).toEqual({ id: 13, prevHash: last.hash, count: null });
  });
});

describe(headSigned.name, () => {
  it('should accept its own signature only, for exactly the signed values', () => {
    const head = sealHead(KEY, 3, 'e'.repeat(64), 3);
    expect(headSigned(KEY, head)).toBe(true);
    expect(headSigned(KEY, { ...head, lastId: 2 })).toBe(false);
    expect(headSigned(KEY, { ...head, signature: null })).toBe(false);
  });
});
