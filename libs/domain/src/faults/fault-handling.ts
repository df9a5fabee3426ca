import type { Fault } from './fault';

/**
 * Who ended a fault, for the figures people judge the service by: `handled` when a person acknowledged,
 * dispatched, restored or closed it; `self-cleared` when health recovery cleared it before anyone acted
 * (a flap of a few seconds); `untouched` while it is still open and nobody has acted.
 */
export type FaultHandling = 'handled' | 'self-cleared' | 'untouched';

export function faultHandling(f: Pick<Fault, 'acknowledgedAt' | 'restoredAt' | 'closedAt' | 'clearedAt'>): FaultHandling {
  if (f.acknowledgedAt) return 'handled'; // dispatching acknowledges too
  // a person who restored it before the device came back handled it; a restore stamped by the clear did not
  if (f.clearedAt) return f.restoredAt && f.restoredAt < f.clearedAt ? 'handled' : 'self-cleared';
  return f.restoredAt || f.closedAt ? 'handled' : 'untouched';
}
