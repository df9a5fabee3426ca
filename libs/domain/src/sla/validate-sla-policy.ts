import { z } from 'zod';
import type { ScheduleError } from '../calendar/holiday-schedule';
import { fieldErrors, isPlainObject, whole } from '../shared/field-errors';
import type { SlaPolicy } from './sla-policy';

const TARGETS = ['respondMinutes', 'arriveMinutes', 'restoreMinutes', 'repairWorkingDays'] as const;

function isTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const target = z.int({ error: 'must be a positive whole number or null' }).positive({ error: 'must be a positive whole number or null' }).nullable();
const targets = z.object(Object.fromEntries(TARGETS.map((key) => [key, target])), {
  error: ({ input }) => (input ? `must be {${TARGETS.join(', ')}}` : 'is required for every region'),
});

const POLICY = z.object(
  {
    timeZone: z.unknown().refine(isTimeZone, { error: 'must be an IANA time zone such as Asia/Shanghai' }),
    repairMode: z.enum(['calendar-days', 'rolling-working-time'], { error: 'must be calendar-days or rolling-working-time' }),
    regions: whole(z.array(z.string().min(1)).min(1), 'must list at least one region'),
  },
  { error: 'must be an object' },
);

/** The targets of every level for each region the policy lists: the schema depends on the regions given. */
const levelsFor = (regions: readonly string[]) =>
  z.preprocess(
    (v) => (isPlainObject(v) ? v : {}),
    z.object(
      Object.fromEntries(
        ['1', '2', '3', '4'].map((level) => [level, z.looseObject(Object.fromEntries(regions.map((r) => [r, targets])), { error: 'is required for every level 1–4' })]),
      ),
    ),
  );

/** Checks a policy given as data; answers every problem with the path of its field. */
export function validateSlaPolicy(input: unknown): ScheduleError[] {
  const base = POLICY.safeParse(input);
  const errors = base.success ? [] : fieldErrors(base.error, 'slaPolicy');
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return errors;
  const p = input as Partial<SlaPolicy>;
  // a level's regions are checked only against a usable list of regions, as the policy's own field is told above
  const regions = Array.isArray(p.regions) && p.regions.every((r) => typeof r === 'string' && r.length > 0) ? p.regions : [];
  const levels = levelsFor(regions).safeParse(p.levels);
  return levels.success ? errors : [...errors, ...fieldErrors(levels.error, 'slaPolicy.levels')];
}
