import { mkdtempSync, readdirSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskQueue, type DropReason } from './disk-queue';

const msg = (i: number) => ({ topic: `t/${i}`, payload: `{"seq":${i}}` });

function drain(q: DiskQueue): string[] {
  const out: string[] = [];
  for (let m = q.peek(); m; m = q.peek()) {
    out.push(m.topic);
    q.shift();
  }
  return out;
}

describe(DiskQueue.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'vigil-queue-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should give messages back in the order they came', () => {
    const q = new DiskQueue(dir, 100);
    for (let i = 1; i <= 5; i++) q.push(msg(i));
    expect(q.size).toBe(5);
    expect(drain(q)).toEqual(['t/1', 't/2', 't/3', 't/4', 't/5']);
    q.close();
  });

  it('should drop the oldest over its bound and count them', () => {
    const drops: [DropReason, number][] = [];
    const q = new DiskQueue(dir, 3, (r, n) => drops.push([r, n]));
    for (let i = 1; i <= 5; i++) q.push(msg(i));
    expect(drops).toEqual([
      ['overflow', 1],
      ['overflow', 1],
    ]);
    expect(drain(q)).toEqual(['t/3', 't/4', 't/5']);
    q.close();
  });

  it('should keep what was not sent across a restart, and not what was', () => {
    const q = new DiskQueue(dir, 100);
    for (let i = 1; i <= 4; i++) q.push(msg(i));
    q.shift();
    q.close();
    const again = new DiskQueue(dir, 100);
    again.push(msg(5));
    expect(drain(again)).toEqual(['t/2', 't/3', 't/4', 't/5']);
    again.close();
    const third = new DiskQueue(dir, 100);
    expect(third.size).toBe(0);
    third.close();
  });

  it('should apply a smaller bound at restart and skip a line torn by a crash', () => {
    const drops: [DropReason, number][] = [];
    const q = new DiskQueue(dir, 100);
    for (let i = 1; i <= 4; i++) q.push(msg(i));
    q.close();
    const segment = readdirSync(dir).find((f) => f.endsWith('.jsonl'))!;
    appendFileSync(join(dir, segment), '{"topic":"t/5","pay');
    const again = new DiskQueue(dir, 2, (r, n) => drops.push([r, n]));
    expect(drops).toEqual([
      ['corrupt', 1],
      ['overflow', 2],
    ]);
    expect(drain(again)).toEqual(['t/3', 't/4']);
    again.close();
  });

  it('should stay consistent through compactions', () => {
    const q = new DiskQueue(dir, 5000);
    for (let i = 0; i < 2500; i++) q.push(msg(i));
    for (let i = 0; i < 2400; i++) q.shift();
    q.close();
    const again = new DiskQueue(dir, 5000);
    expect(again.peek()).toEqual(msg(2400));
    expect(again.size).toBe(100);
    expect(readdirSync(dir).filter((f) => f.endsWith('.jsonl'))).toHaveLength(1);
    again.close();
  });
});
