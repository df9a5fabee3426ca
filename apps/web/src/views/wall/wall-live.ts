/** How long to wait before the attempt after `failures` failed ones: doubling from 1 s to at most 30 s, jittered so walls do not retry in step. */
export function backoffMs(failures: number, random: () => number = Math.random, baseMs = 1000, maxMs = 30_000): number {
  const plain = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures));
  return Math.round(Math.min(maxMs, plain * (0.75 + 0.5 * random())));
}

type Timers = { set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void; now: () => number };
const REAL_TIMERS: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>), now: () => Date.now() };

/**
 * Runs a job at most once at a time and at most once per `gapMs`: requests that come meanwhile fold into
 * one more run afterwards. A burst of 5,000 fault events asks for the overview 5,000 times and gets it
 * reloaded once or twice.
 */
export class Coalescer {
  private running = false;
  private pending = false;
  private stopped = false;
  private lastRun = -Infinity;
  private timer: unknown = null;

  constructor(
    private readonly job: () => Promise<void> | void,
    private readonly gapMs: number,
    private readonly timers: Timers = REAL_TIMERS,
  ) {}

  request(): void {
    if (this.stopped) return;
    this.pending = true;
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    this.pending = false;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  private kick(): void {
    if (this.running || this.timer !== null || !this.pending || this.stopped) return;
    const wait = this.lastRun + this.gapMs - this.timers.now();
    if (wait > 0) {
      this.timer = this.timers.set(() => {
        this.timer = null;
        this.kick();
      }, wait);
      return;
    }
    this.pending = false;
    this.running = true;
    this.lastRun = this.timers.now();
    void Promise.resolve()
      .then(() => this.job())
      .catch(() => undefined)
      .finally(() => {
        this.running = false;
        this.kick();
      });
  }
}
