/** The nearest ancestor (parent, grandparent, …) that `isDown` says is down; null when none is. */
export function downAncestor(deviceId: string, parentOf: (id: string) => string | null, isDown: (id: string) => boolean): string | null {
  const seen = new Set<string>([deviceId]);
  for (let p = parentOf(deviceId); p !== null && !seen.has(p); p = parentOf(p)) {
    if (isDown(p)) return p;
    seen.add(p);
  }
  return null;
}

/**
 * How long to hold a device's silence before it becomes a fault of its own: long enough for the
 * silence of an ancestor that died at the same moment to be noticed (its heartbeat interval, plus a
 * second), bounded so a fault is never held back by more than `maxSec`.
 */
export function correlationHoldSec(ancestorIntervalsSec: number[], maxSec = 120): number {
  if (ancestorIntervalsSec.length === 0) return 0;
  return Math.min(maxSec, Math.max(...ancestorIntervalsSec) + 1);
}
