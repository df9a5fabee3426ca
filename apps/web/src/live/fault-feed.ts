import type { DashboardSnapshot, FaultEventPayload } from '@vigil/domain/dashboard/socket-events';
import type { FaultLevel } from '@vigil/domain/sla/sla-policy';

export type FaultChange = { type: 'opened' | 'updated' | 'cleared'; fault: FaultEventPayload };

export interface FeedState {
  /** Open faults by id, as the live feed last described them (a closed fault leaves). */
  faults: Map<string, FaultEventPayload>;
  summary: Record<FaultLevel, number>;
  totalOpen: number;
  /** When the server built the last snapshot (ISO). */
  snapshotAt: string | null;
}

export function emptyFeed(): FeedState {
  return { faults: new Map(), summary: { 1: 0, 2: 0, 3: 0, 4: 0 }, totalOpen: 0, snapshotAt: null };
}

/** A (re)connect's snapshot replaces what the page held: nothing missed while away stays wrong. */
export function applySnapshot(state: FeedState, snapshot: DashboardSnapshot): void {
  state.faults = new Map(snapshot.faults.map((f) => [f.id, f]));
  state.summary = { ...snapshot.summary };
  state.totalOpen = snapshot.totalOpen;
  state.snapshotAt = snapshot.at;
}

/**
 * One change from the feed (one socket keeps the server's order). A cleared or closed fault leaves the
 * open list. Answers whether anything changed.
 */
export function applyChange(state: FeedState, change: FaultChange): boolean {
  const { fault } = change;
  if (change.type === 'cleared' || fault.state === 'closed') return state.faults.delete(fault.id);
  state.faults.set(fault.id, fault);
  return true;
}
