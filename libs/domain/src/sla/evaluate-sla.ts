import type { FaultLevel, SlaPolicy, SlaStep, SlaTargets } from './sla-policy';
import { DAY_MS, type WorkingCalendar } from './working-calendar';

export const SLA_EVENT_TYPES = ['acknowledge', 'arrive', 'restore', 'repair', 'pause', 'resume'] as const;
export type SlaEventType = (typeof SLA_EVENT_TYPES)[number];
export interface SlaEvent {
  at: Date;
  type: SlaEventType;
  reason?: string | null;
}

export type SlaStepStatus = 'met' | 'breached' | 'pending' | 'paused';
export interface SlaStepOutcome {
  due: Date | null;
  status: SlaStepStatus | null;
  /** When 75 % of the step's time is used: the moment to warn. */
  warnAt: Date | null;
  completedAt: Date | null;
}
export type SlaOutcome = Record<SlaStep, SlaStepOutcome>;

export class SlaInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field} ${message}`);
  }
}

export interface SlaInput {
  targets: SlaTargets;
  repairMode: SlaPolicy['repairMode'];
  calendar: WorkingCalendar;
  openedAt: Date;
  events: readonly SlaEvent[];
  asOf: Date;
}

const COMPLETES: Record<SlaStep, readonly SlaEventType[]> = {
  respond: ['acknowledge'],
  arrive: ['arrive'],
  restore: ['restore', 'repair'],
  repair: ['repair'],
};
const MINUTES: Record<Exclude<SlaStep, 'repair'>, keyof SlaTargets> = { respond: 'respondMinutes', arrive: 'arriveMinutes', restore: 'restoreMinutes' };
const NONE: SlaStepOutcome = { due: null, status: null, warnAt: null, completedAt: null };

export function targetsFor(policy: SlaPolicy, level: FaultLevel, region: string): SlaTargets {
  const targets = policy.levels[`${level}`]?.[region];
  if (!targets) throw new SlaInputError('region', `must be one of ${policy.regions.join(', ')}`);
  return targets;
}

interface Pause {
  from: number;
  to: number;
  open: boolean;
}

/** Sorted events up to asOf, checked, with the pauses paired. */
function readEvents(input: SlaInput): { events: SlaEvent[]; pauses: Pause[] } {
  if (input.asOf < input.openedAt) throw new SlaInputError('asOf', 'must not be before openedAt');
  const indexed = input.events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at.getTime() - b.e.at.getTime());
  const pauses: Pause[] = [];
  let current: Pause | null = null;
  const events: SlaEvent[] = [];
  for (const { e, i } of indexed) {
    if (e.at < input.openedAt) throw new SlaInputError(`events[${i}]`, 'must not be before openedAt');
    if (e.at > input.asOf) continue;
    if (e.type === 'pause') {
      if (!e.reason || !e.reason.trim()) throw new SlaInputError(`events[${i}].reason`, 'is required for a pause');
      if (current) throw new SlaInputError(`events[${i}]`, 'pauses a clock that is already paused');
      current = { from: e.at.getTime(), to: input.asOf.getTime(), open: true };
      pauses.push(current);
    } else if (e.type === 'resume') {
      if (!current) throw new SlaInputError(`events[${i}]`, 'resumes a clock that is not paused');
      current.to = e.at.getTime();
      current.open = false;
      current = null;
    }
    events.push(e);
  }
  return { events, pauses };
}

/**
 * The SLA of a fault from its recorded events, as of an instant (CONTRACT.md "SLA clocks"): pure,
 * so any stored outcome can be recomputed and explained.
 */
export function evaluateSla(input: SlaInput): SlaOutcome {
  const { events, pauses } = readEvents(input);
  const { calendar, openedAt, targets } = input;
  const asOf = input.asOf.getTime();
  const step = (name: SlaStep): SlaStepOutcome => {
    let nominal: number;
    let budget: number;
    let shift: (due: number, p: Pause) => number;
    if (name === 'repair') {
      const days = targets.repairWorkingDays;
      if (days === null) return NONE;
      nominal = input.repairMode === 'calendar-days' ? calendar.endOfNthWorkingDayAfter(openedAt, days).getTime() : calendar.addWorkingTime(openedAt, days * DAY_MS).getTime();
      budget = calendar.workingTimeBetween(openedAt, new Date(nominal));
      shift = (due, p) => {
        const inside = calendar.workingTimeBetween(new Date(p.from), new Date(p.to));
        // no working time inside (a weekend, a holiday): the due stays, even when it falls at the start of a day off
        return inside === 0 ? due : calendar.addWorkingTime(new Date(due), inside).getTime();
      };
    } else {
      const minutes = targets[MINUTES[name]];
      if (minutes === null) return NONE;
      budget = minutes * 60_000;
      nominal = openedAt.getTime() + budget;
      shift = (due, p) => due + (p.to - p.from);
    }
    const done = events.find((e) => COMPLETES[name].includes(e.type));
    const completedAt = done ? done.at.getTime() : null;
    let due = nominal;
    let pausedNow = false;
    for (const p of pauses) {
      if (completedAt !== null && completedAt <= p.from) break; // completed before the pause: unaffected
      if (p.from >= due) break; // the step's time was used up when the pause began: a late pause cannot rescue it
      if (completedAt !== null && completedAt < p.to) {
        due = shift(due, { ...p, to: completedAt }); // completed during the pause: it counts only up to the completion
        break;
      }
      due = shift(due, p);
      if (p.open) pausedNow = true;
    }
    const dueDate = new Date(due);
    const warnAt = name === 'repair' ? calendar.subtractWorkingTime(dueDate, budget * 0.25) : new Date(due - budget * 0.25);
    let status: SlaStepStatus;
    if (completedAt !== null) status = completedAt <= due ? 'met' : 'breached';
    else if (pausedNow) status = 'paused';
    else status = asOf > due ? 'breached' : 'pending';
    return { due: dueDate, status, warnAt, completedAt: completedAt === null ? null : new Date(completedAt) };
  };
  return { respond: step('respond'), arrive: step('arrive'), restore: step('restore'), repair: step('repair') };
}
