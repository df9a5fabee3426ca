import { DateTime } from 'luxon';

export const PATROL_KINDS = ['weekly-power-on', 'monthly', 'half-yearly'] as const;
export type PatrolKind = (typeof PATROL_KINDS)[number];

/** One occurrence of a plan: its key, when it starts and when the patrol is due. */
export interface PatrolPeriod {
  /** weekly: the Monday 'YYYY-MM-DD'; monthly: 'YYYY-MM'; half-yearly: 'YYYY-H1' | 'YYYY-H2'. */
  key: string;
  startsAt: Date;
  endsAt: Date;
  dueAt: Date;
}

/** When a plan's patrol is due inside its period. */
export interface PlanSchedule {
  kind: PatrolKind;
  timeZone: string;
  /** weekly: the local time the power-on happens, default 09:00; the patrol is due 30 minutes later. */
  weeklyAt?: string;
  /** monthly and half-yearly: due at 24:00 local of this many days into the period, default the period's last day. */
  dueAfterDays?: number;
}

function start(kind: PatrolKind, local: DateTime): DateTime {
  if (kind === 'weekly-power-on') return local.startOf('week'); // ISO weeks start on Monday
  if (kind === 'monthly') return local.startOf('month');
  return local.set({ month: local.month <= 6 ? 1 : 7 }).startOf('month');
}

function step(kind: PatrolKind): { weeks?: number; months?: number } {
  return kind === 'weekly-power-on' ? { weeks: 1 } : kind === 'monthly' ? { months: 1 } : { months: 6 };
}

function keyOf(kind: PatrolKind, s: DateTime): string {
  if (kind === 'weekly-power-on') return s.toISODate()!;
  if (kind === 'monthly') return s.toFormat('yyyy-MM');
  return `${s.year}-H${s.month <= 6 ? 1 : 2}`;
}

/** The period of a plan that contains an instant, in the plan's time zone. */
export function periodAt(schedule: PlanSchedule, at: Date): PatrolPeriod {
  const s = start(schedule.kind, DateTime.fromJSDate(at, { zone: schedule.timeZone }));
  const e = s.plus(step(schedule.kind));
  let due: DateTime;
  if (schedule.kind === 'weekly-power-on') {
    const [h, m] = (schedule.weeklyAt ?? '09:00').split(':').map(Number);
    due = s.set({ hour: h, minute: m }).plus({ minutes: 30 });
  } else {
    due = schedule.dueAfterDays ? DateTime.min(s.plus({ days: schedule.dueAfterDays }), e) : e;
  }
  return { key: keyOf(schedule.kind, s), startsAt: s.toJSDate(), endsAt: e.toJSDate(), dueAt: due.toJSDate() };
}

/** Every period from the one containing `from` to the one containing `to`, oldest first. */
export function periodsBetween(schedule: PlanSchedule, from: Date, to: Date, max = 1000): PatrolPeriod[] {
  const out: PatrolPeriod[] = [];
  for (let p = periodAt(schedule, from); p.startsAt <= to && out.length < max; p = periodAt(schedule, p.endsAt)) out.push(p);
  return out;
}

/** A month 'YYYY-MM' as an instant range in a time zone, for filtering patrols by period. */
export function monthRange(month: string, timeZone: string): { from: Date; to: Date } | null {
  const s = DateTime.fromFormat(month, 'yyyy-MM', { zone: timeZone });
  if (!s.isValid) return null;
  return { from: s.toJSDate(), to: s.plus({ months: 1 }).toJSDate() };
}
