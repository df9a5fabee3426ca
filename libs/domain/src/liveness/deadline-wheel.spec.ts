import { DeadlineWheel } from './deadline-wheel';

/** A seeded generator so the comparison with the naive model is repeatable. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe(DeadlineWheel.name, () => {
  it('should pop expired ids earliest first and keep the rest', () => {
    const q = new DeadlineWheel();
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
    const q = new DeadlineWheel();
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

  it('should keep an id whose deadline is later in the slot now falls in, and pop it once its deadline passes', () => {
    const q = new DeadlineWheel(100);
    q.touch('a', 1_050);
    q.touch('b', 1_020);
    expect(q.popExpired(1_030)).toEqual(['b']);
    expect(q.popExpired(1_049)).toEqual([]);
    expect(q.popExpired(1_050)).toEqual(['a']);
  });

  it('should pop on the next call an id touched with a deadline already past', () => {
    const q = new DeadlineWheel(100);
    q.touch('a', 5_000);
    expect(q.popExpired(4_000)).toEqual([]);
    q.touch('late', 1_000);
    q.touch('a', 900);
    expect(q.nextDeadline()).toBe(900);
    expect(q.popExpired(4_001)).toEqual(['a', 'late']);
    expect(q.size).toBe(0);
  });

  it('should pop across a jump of the clock far beyond the slots it holds', () => {
    const q = new DeadlineWheel(10);
    q.touch('a', 20);
    q.popExpired(0);
    q.touch('b', 1e12);
    q.touch('c', 5e11);
    expect(q.popExpired(2e12)).toEqual(['a', 'c', 'b']);
  });

  it('should answer nothing for a clock that went back, and keep every deadline', () => {
    const q = new DeadlineWheel(100);
    q.touch('a', 10_000);
    q.popExpired(5_000);
    expect(q.popExpired(1_000)).toEqual([]);
    expect(q.deadlineOf('a')).toBe(10_000);
  });

  it.each([1, 7, 100])('should agree with a naive model over 20,000 random operations on 300 ids (touches, removals, pops), slots of %i ms', (slotMs) => {
    const q = new DeadlineWheel(slotMs);
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
