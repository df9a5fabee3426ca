import { evaluateSla, targetsFor, type SlaEvent, type SlaOutcome } from '../sla/evaluate-sla';
import type { SlaPolicy } from '../sla/sla-policy';
import type { WorkingCalendar } from '../sla/working-calendar';
import type { Fault } from './fault';

/** A stored fault's SLA: the steps, and the years its clock counted as plain weekdays for want of a holiday calendar. */
export type FaultSla = SlaOutcome & {
  calendarMissing: number[];
  /** "calendar for 2027 missing, weekdays assumed"; null when every year it needed was loaded. */
  note: string | null;
};

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

export function calendarMissingNote(years: readonly number[]): string | null {
  if (years.length === 0) return null;
  return `${years.length === 1 ? 'calendar' : 'calendars'} for ${years.join(', ')} missing, weekdays assumed`;
}

/**
 * A live fault's SLA as of `asOf` (its closing, once closed). A live clock never stops for a missing
 * holiday calendar (CONTRACT.md "SLA clocks"): pass `calendar.assumingWeekdays()`, one per evaluation,
 * and such a year counts Mon–Fri, named in `calendarMissing`. A region outside the policy still throws.
 */
export function evaluateFaultSla(fault: Fault, policy: SlaPolicy, calendar: WorkingCalendar, asOf: Date): FaultSla {
  const steps = evaluateSla({
    targets: targetsFor(policy, fault.level, fault.region),
    repairMode: policy.repairMode,
    calendar,
    openedAt: fault.openedAt,
    events: faultSlaEvents(fault),
    asOf: fault.closedAt ?? asOf,
  });
  const missing = calendar.assumedYears();
  return { ...steps, calendarMissing: missing, note: calendarMissingNote(missing) };
}
