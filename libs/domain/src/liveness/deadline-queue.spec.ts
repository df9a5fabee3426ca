import { DeadlineQueue } from './deadline-queue';

/** A seeded generator so the comparison with the naive model is repeatable. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe(DeadlineQueue.name, () => {
  it('should pop expired ids earliest first and keep the rest', () => {
    const q = new DeadlineQueue();
    q.touch('a', 30);
    q.touch('b', 10);
    q.touch('c', 20);
    expect(q.nextDeadline()).toBe(10);
    expect(q.popExpired(20)).toEqual(['b', 'c']);
    expect(q.popExpired(20)).toEqual([]);
    expect(q.size).toBe(1);
    expect(q.popExpired(30)).toEqual(['a']);
    expect(q.nextDeadline()).toBeUndefined();
  });

  it('should move an id when touched later or earlier, and forget a removed one', () => {
    const q = new DeadlineQueue();
    q.touch('a', 10);
    q.touch('b', 20);
    q.touch('a', 30);
    expect(q.popExpired(25)).toEqual(['b']);
    q.touch('a', 5);
    expect(q.deadlineOf('a')).toBe(5);
    q.remove('a');
    q.remove('missing');
    expect(q.has('a')).toBe(false);
    expect(q.popExpired(100)).toEqual([]);
  });

  it('should agree with a naive model over 20,000 random operations on 300 ids (touches, removals, pops)', () => {
    const q = new DeadlineQueue();
    const model = new Map<string, number>();
    const next = random(42);
    let now = 0;
    for (let step = 0; step < 20_000; step++) {
      const id = `d${Math.floor(next() * 300)}`;
      const op = next();
      if (op < 0.7) {
        const deadline = now + Math.floor(next() * 1000);
        q.touch(id, deadline);
        model.set(id, deadline);
      } else if (op < 0.8) {
        q.remove(id);
        model.delete(id);
      } else {
        now += Math.floor(next() * 50);
        const expected = [...model]
          .filter(([, d]) => d <= now)
          .sort((a, b) => a[1] - b[1])
          .map(([k]) => k);
        const got = q.popExpired(now);
        expect(new Set(got)).toEqual(new Set(expected));
        const deadlines = got.map((k) => model.get(k)!);
        expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
        for (const k of got) model.delete(k);
        expect(q.size).toBe(model.size);
      }
    }
    expect(q.size).toBe(model.size);
  });
});
