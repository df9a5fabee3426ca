import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffMs, Coalescer } from './wall-live';

describe(backoffMs.name, () => {
  it('should double from one second to at most thirty, jittered by a quarter either way', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((n) => backoffMs(n, mid))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoffMs(0, () => 0)).toBe(750);
    expect(backoffMs(0, () => 1)).toBe(1250);
    expect(backoffMs(10, () => 1)).toBe(30000);
  });
});

describe(Coalescer.name, () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const settle = () => vi.advanceTimersByTimeAsync(0);

  it('should run at once, then fold the requests of a burst into one run after the gap', async () => {
    const runs: number[] = [];
    const c = new Coalescer(() => void runs.push(Date.now()), 3000);
    const t0 = Date.now();
    c.request();
    await settle();
    for (let i = 0; i < 5000; i += 1) c.request();
    await settle();
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(runs.map((t) => t - t0)).toEqual([0, 3000]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toHaveLength(2);
    c.stop();
  });

  it('should never run a job twice at once, running once more after a slow one if asked meanwhile', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const c = new Coalescer(async () => {
      running += 1;
      runs += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5000));
      running -= 1;
    }, 1000);
    c.request();
    await settle();
    c.request();
    await vi.advanceTimersByTimeAsync(4000);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect([runs, most]).toEqual([2, 1]);
    c.stop();
  });

  it('should keep going after a job that failed, and run nothing once stopped', async () => {
    let runs = 0;
    const c = new Coalescer(() => {
      runs += 1;
      throw new Error('the network is down');
    }, 100);
    c.request();
    await settle();
    await vi.advanceTimersByTimeAsync(100);
    c.request();
    await settle();
    expect(runs).toBe(2);
    c.request();
    c.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
  });
});
