import { ClockPort, SchedulerPort, type Cancel } from '../ports';

interface FakeTimer {
  due: number;
  seq: number;
  every: number | null;
  fn: () => unknown;
  name: string;
}

/**
 * A clock that moves only when a spec says so. Timers of its FakeScheduler fall due as it advances:
 * `await clock.advance(ms)` runs each due timer in order of due time (then of creation), lets what it
 * started settle, and moves on, so a minute of a service's life passes in milliseconds.
 */
export class FakeClock extends ClockPort {
  private time: number;
  private readonly timers = new Set<FakeTimer>();
  private seq = 0;

  constructor(start: Date | string = '2026-12-02T00:00:00Z') {
    super();
    this.time = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.time);
  }

  /** Moves time on by ms, running every timer due on the way. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      const next = [...this.timers].filter((t) => t.due <= until).sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (!next) break;
      this.time = Math.max(this.time, next.due);
      if (next.every === null) this.timers.delete(next);
      else next.due += next.every;
      await settle(next.fn());
    }
    this.time = until;
    await settle(undefined);
  }

  /** The names of the timers still pending, for specs that check what a service left running. */
  get pending(): string[] {
    return [...this.timers].map((t) => t.name);
  }

  add(ms: number, fn: () => unknown, name: string, every: boolean): Cancel {
    const timer: FakeTimer = { due: this.time + Math.max(ms, 1), seq: this.seq++, every: every ? Math.max(ms, 1) : null, fn, name };
    this.timers.add(timer);
    return () => void this.timers.delete(timer);
  }
}

/** Timers on a FakeClock: they run only when the clock is advanced. */
export class FakeScheduler extends SchedulerPort {
  constructor(readonly clock: FakeClock) {
    super();
  }

  every(ms: number, fn: () => unknown, name: string): Cancel {
    return this.clock.add(ms, fn, name, true);
  }

  after(ms: number, fn: () => unknown, name: string): Cancel {
    return this.clock.add(ms, fn, name, false);
  }
}

/** A clock and its scheduler, the pair a service under test is given. */
export function fakeTime(start?: Date | string): { clock: FakeClock; scheduler: FakeScheduler } {
  const clock = new FakeClock(start);
  return { clock, scheduler: new FakeScheduler(clock) };
}

/** Awaits the timer's own promise, then a few turns of the event loop for the work it set off without awaiting. */
async function settle(result: unknown): Promise<void> {
  if (result instanceof Promise) await result.catch(() => undefined);
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
