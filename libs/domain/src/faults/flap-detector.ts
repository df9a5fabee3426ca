/**
 * Counts a device's status changes inside a sliding window; more than `changes` of them is flapping.
 * Kept in memory by the fault engine: after a restart a flapping link is noticed again within one window.
 */
export class FlapDetector {
  private readonly changes = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a change; answers whether the device is now flapping (limits per contract may replace the defaults). */
  record(deviceId: string, at: Date, limit = this.limit, windowMs = this.windowMs): boolean {
    const t = at.getTime();
    const kept = (this.changes.get(deviceId) ?? []).filter((c) => c > t - windowMs);
    kept.push(t);
    this.changes.set(deviceId, kept);
    return kept.length > limit;
  }

  /** Answers whether the device has been calm for a whole window at `at`, and forgets it if so. */
  settle(deviceId: string, at: Date, windowMs = this.windowMs): boolean {
    const kept = (this.changes.get(deviceId) ?? []).filter((c) => c > at.getTime() - windowMs);
    if (kept.length === 0) this.changes.delete(deviceId);
    else this.changes.set(deviceId, kept);
    return kept.length === 0;
  }

  lastChange(deviceId: string): Date | null {
    const list = this.changes.get(deviceId);
    return list && list.length > 0 ? new Date(list[list.length - 1]) : null;
  }
}
