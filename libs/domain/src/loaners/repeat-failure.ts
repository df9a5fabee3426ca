/** A fault as the repeat-failure rule reads it. */
export interface FaultOnRecord {
  id: string;
  deviceId: string | null;
  kind: string;
  /** When it was repaired (closed), null while open. */
  closedAt: Date | null;
}

/**
 * The earlier fault that makes this one a repeat: the same kind on the same device, repaired within `days` before
 * `at`. Null when the rule is off (0 days), the fault names no device, or there is none.
 */
export function repeatOf(current: { id: string; deviceId: string | null; kind: string }, at: Date, earlier: readonly FaultOnRecord[], days: number): FaultOnRecord | null {
  if (days <= 0 || !current.deviceId) return null;
  const since = at.getTime() - days * 86_400_000;
  const hits = earlier.filter(
    (f) => f.id !== current.id && f.deviceId === current.deviceId && f.kind === current.kind && f.closedAt && f.closedAt.getTime() >= since && f.closedAt.getTime() <= at.getTime(),
  );
  return hits.sort((a, b) => b.closedAt!.getTime() - a.closedAt!.getTime())[0] ?? null;
}
