import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeqStore } from './seq-store';

describe(SeqStore.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'vigil-seq-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should rise per device', () => {
    const s = new SeqStore(dir);
    expect([s.next('a'), s.next('a'), s.next('b'), s.next('a')]).toEqual([1, 2, 1, 3]);
  });

  it('should keep rising after a restart, above anything handed out before', () => {
    const s = new SeqStore(dir);
    const before = Array.from({ length: 150 }, () => s.next('a')).at(-1)!;
    const after = new SeqStore(dir).next('a');
    expect(after).toBeGreaterThan(before);
  });

  it('should start afresh from an unreadable file', () => {
    writeFileSync(join(dir, 'seq.json'), '{"a": "x", ');
    expect(new SeqStore(dir).next('a')).toBe(1);
  });
});
