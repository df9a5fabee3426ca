/** Where a source counts what it dropped or refused, by reason (a bad message, a refused login, a timeout). */
export interface SourceCounters {
  count(reason: string): void;
}

/** Counters kept in memory: what the agent's metrics read, and what tests assert on. */
export class InMemorySourceCounters implements SourceCounters {
  private readonly counts = new Map<string, number>();

  count(reason: string): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }

  get(reason: string): number {
    return this.counts.get(reason) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
