import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';

export const PATROL_KINDS = ['weekly-power-on', 'monthly', 'half-yearly'] as const;
export type PatrolKind = (typeof PATROL_KINDS)[number];

/** One occurrence of a plan: its key, when it starts and when the patrol is due. */
export interface PatrolPeriod {
  /** weekly: the Monday 'YYYY-MM-DD'; monthly: 'YYYY-MM'; half-yearly: 'YYYY-H1' | 'YYYY-H2'; cron: the local 'YYYY-MM-DDTHH:mm'. */
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
  /**
   * A cron expression (minute hour day month weekday, in the plan's zone) in place of the kind's
   * calendar: each occurrence starts a period that lasts until the next one.
   */
  cron?: string;
  /** cron plans: due this many minutes after the occurrence, default when the next one starts. */
  durationMinutes?: number;
}

/** Checks a plan's cron expression: five fields, and no more often than hourly (a patrol is work on site). */
export function checkPlanCron(expression: string, timeZone: string): string | null {
  if (expression.trim().split(/\s+/).length !== 5) return 'must have five fields: minute hour day-of-month month day-of-week';
  let first: Date;
  let second: Date;
  try {
    const it = CronExpressionParser.parse(expression, { tz: timeZone, currentDate: new Date('2026-01-01T00:00:00Z'), strict: false });
    first = it.next().toDate();
    second = it.next().toDate();
  } catch (err) {
    return `is not a cron expression: ${(err as Error).message}`;
  }
  return second.getTime() - first.getTime() < 3600_000 ? 'must not run more often than once an hour' : null;
}

function cronPeriodAt(schedule: PlanSchedule & { cron: string }, at: Date): PatrolPeriod {
  // the occurrence at or before `at`, and the one after it
  const back = CronExpressionParser.parse(schedule.cron, { tz: schedule.timeZone, currentDate: new Date(at.getTime() + 1) });
  const startsAt = back.prev().toDate();
  const endsAt = CronExpressionParser.parse(schedule.cron, { tz: schedule.timeZone, currentDate: startsAt }).next().toDate();
  const dueAt = schedule.durationMinutes ? new Date(Math.min(startsAt.getTime() + schedule.durationMinutes * 60_000, endsAt.getTime())) : endsAt;
  return { key: DateTime.fromJSDate(startsAt, { zone: schedule.timeZone }).toFormat("yyyy-MM-dd'T'HH:mm"), startsAt, endsAt, dueAt };
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
  if (schedule.cron) return cronPeriodAt({ ...schedule, cron: schedule.cron }, at);
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

/**
 * The periods a plan has patrols for by `now`: from the one under way at `opensAt` (the latest of the plan's start,
 * its contract's start and the installation; or at `catchUpFrom`, if later) to the one containing `now`, so none of
 * them ended before `opensAt`. A period already under way at `opensAt` whose due had passed by then is due at its
 * end instead: nobody could have done it on time, so it is never overdue from before the start.
 */
export function periodsToGenerate(schedule: PlanSchedule, opensAt: Date, now: Date, catchUpFrom?: Date): PatrolPeriod[] {
  const from = catchUpFrom && catchUpFrom > opensAt ? catchUpFrom : opensAt;
  if (from > now) return [];
  return periodsBetween(schedule, from, now).map((p) => (p.dueAt < opensAt ? { ...p, dueAt: p.endsAt } : p));
}

/** A month 'YYYY-MM' as an instant range in a time zone, for filtering patrols by period. */
export function monthRange(month: string, timeZone: string): { from: Date; to: Date } | null {
  const s = DateTime.fromFormat(month, 'yyyy-MM', { zone: timeZone });
  if (!s.isValid) return null;
  return { from: s.toJSDate(), to: s.plus({ months: 1 }).toJSDate() };
}
