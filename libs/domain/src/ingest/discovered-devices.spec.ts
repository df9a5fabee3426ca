import { discoveredToEvict, evictionOrder, type HeardId } from './discovered-devices';

const heard = (id: string, messages: number, lastSeenAt: string): HeardId => ({ id, messages, lastSeenAt: new Date(lastSeenAt) });

describe(discoveredToEvict.name, () => {
  it('should drop nothing while the list is within its bound', () => {
    expect(discoveredToEvict([heard('a', 1, '2026-01-01T00:00:00Z')], 1)).toEqual([]);
    expect(discoveredToEvict([], 0)).toEqual([]);
  });

  it('should drop the ids heard fewest times first, however recently', () => {
    const entries = [heard('busy', 50, '2026-01-01T00:00:00Z'), heard('junk-new', 1, '2026-01-02T00:00:00Z'), heard('twice', 2, '2026-01-01T00:00:00Z')];
    expect(discoveredToEvict(entries, 2)).toEqual(['junk-new']);
    expect(discoveredToEvict(entries, 1)).toEqual(['junk-new', 'twice']);
  });

  it('should drop the one unheard for longest among those heard as often', () => {
    const entries = [heard('newer', 1, '2026-01-02T00:00:00Z'), heard('older', 1, '2026-01-01T00:00:00Z'), heard('oldest', 1, '2025-12-31T00:00:00Z')];
    expect(discoveredToEvict(entries, 1)).toEqual(['oldest', 'older']);
  });

  it('should never drop an id heard repeatedly for a flood of strangers heard once', () => {
    const real = heard('DVR-REAL', 3, '2026-01-01T00:00:00Z');
    const flood = Array.from({ length: 1000 }, (_, i) => heard(`junk-${i}`, 1, '2026-06-01T00:00:00Z'));
    const evicted = discoveredToEvict([real, ...flood], 10);
    expect(evicted).toHaveLength(991);
    expect(evicted).not.toContain('DVR-REAL');
  });

  it('should not reorder the entries it was given', () => {
    const entries = [heard('b', 2, '2026-01-01T00:00:00Z'), heard('a', 1, '2026-01-01T00:00:00Z')];
    discoveredToEvict(entries, 1);
    expect(entries.map((e) => e.id)).toEqual(['b', 'a']);
  });
});

describe(evictionOrder.name, () => {
  it('should order by messages, then last heard, then id so the choice is the same on every run', () => {
    const at = '2026-01-01T00:00:00Z';
    expect(evictionOrder(heard('a', 1, at), heard('b', 2, at))).toBeLessThan(0);
    expect(evictionOrder(heard('a', 1, '2026-01-02T00:00:00Z'), heard('b', 1, at))).toBeGreaterThan(0);
    expect(evictionOrder(heard('a', 1, at), heard('b', 1, at))).toBeLessThan(0);
    expect(evictionOrder(heard('a', 1, at), heard('a', 1, at))).toBe(0);
  });
});
