import type { SlaEvent } from '../sla/evaluate-sla';
import type { Fault } from './fault';

/** A fault's recorded history as SLA events, so its clocks can always be recomputed and explained. */
export function faultSlaEvents(f: Fault): SlaEvent[] {
  const events: SlaEvent[] = [];
  if (f.acknowledgedAt) events.push({ at: f.acknowledgedAt, type: 'acknowledge' });
  if (f.arrivedAt) events.push({ at: f.arrivedAt, type: 'arrive' });
  if (f.restoredAt) events.push({ at: f.restoredAt, type: 'restore' });
  if (f.repairedAt) events.push({ at: f.repairedAt, type: 'repair' });
  for (const p of f.pauses) {
    events.push({ at: p.from, type: 'pause', reason: p.reason });
    if (p.to) events.push({ at: p.to, type: 'resume' });
  }
  return events.sort((a, b) => a.at.getTime() - b.at.getTime());
}
