/** Failed logins for one user name within the window, after which further attempts for it are refused (the contract's rule). */
export const LOGIN_FAILURES_PER_NAME = 10;
export const LOGIN_WINDOW_MS = 15 * 60_000;

/**
 * Seconds until a name or address may try again, given its failures inside the window, newest first:
 * 0 while it has fewer than `limit`; otherwise until the `limit`-th newest leaves the window.
 */
export function retryAfterSec(newestFirst: readonly Date[], limit: number, now: Date, windowMs = LOGIN_WINDOW_MS): number {
  if (newestFirst.length < limit) return 0;
  return Math.max(1, Math.ceil((newestFirst[limit - 1].getTime() + windowMs - now.getTime()) / 1000));
}

/** Failures per key (an address) over a sliding window, in memory; a key is forgotten once none of its failures count. */
export class SlidingFailures {
  private readonly failures = new Map<string, Date[]>();

  constructor(private readonly windowMs = LOGIN_WINDOW_MS) {}

  record(key: string, at: Date): void {
    const list = this.failures.get(key) ?? [];
    list.push(at);
    this.failures.set(key, list);
  }

  /** The key's failures still inside the window at `now`, newest first. */
  recent(key: string, now: Date): Date[] {
    const cutoff = now.getTime() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((at) => at.getTime() > cutoff);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept.reverse();
  }

  /** Drops every key whose failures have all left the window. */
  prune(now: Date): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
  }

  get size(): number {
    return this.failures.size;
  }
}
