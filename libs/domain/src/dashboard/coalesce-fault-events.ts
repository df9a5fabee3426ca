export type FaultEventType = 'opened' | 'updated' | 'cleared';

export interface FaultEvent<F extends { id: string }> {
  type: FaultEventType;
  fault: F;
}

/**
 * One event per fault for a burst, in the order faults first appeared: the latest payload wins, a
 * fault opened inside the burst stays `opened`, and a fault cleared inside it stays `cleared` (a browser
 * that never saw it open just drops it). A whole site going dark thus sends each browser one event per
 * fault, not one per change.
 */
export function coalesceFaultEvents<F extends { id: string }>(events: readonly FaultEvent<F>[]): FaultEvent<F>[] {
  const byId = new Map<string, FaultEvent<F>>();
  for (const e of events) {
    const seen = byId.get(e.fault.id);
    if (!seen) byId.set(e.fault.id, { ...e });
    else byId.set(e.fault.id, { type: e.type === 'cleared' || seen.type === 'cleared' ? 'cleared' : seen.type === 'opened' ? 'opened' : e.type, fault: e.fault });
  }
  return [...byId.values()];
}
