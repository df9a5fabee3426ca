import type { ScheduleError } from '../calendar/holiday-schedule';
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

/** Checks a policy given as data; answers every problem with the path of its field. */
export function validateSlaPolicy(input: unknown): ScheduleError[] {
  const errors: ScheduleError[] = [];
  const p = input as Partial<SlaPolicy> | null;
  if (!p || typeof p !== 'object') return [{ field: 'slaPolicy', message: 'must be an object' }];
  if (!isTimeZone(p.timeZone)) errors.push({ field: 'slaPolicy.timeZone', message: 'must be an IANA time zone such as Asia/Shanghai' });
  if (p.repairMode !== 'calendar-days' && p.repairMode !== 'rolling-working-time') {
    errors.push({ field: 'slaPolicy.repairMode', message: 'must be calendar-days or rolling-working-time' });
  }
  const regions = Array.isArray(p.regions) && p.regions.every((r) => typeof r === 'string' && r.length > 0) ? p.regions : null;
  if (!regions || regions.length === 0) errors.push({ field: 'slaPolicy.regions', message: 'must list at least one region' });
  for (const level of ['1', '2', '3', '4'] as const) {
    const byRegion = p.levels?.[level];
    if (!byRegion || typeof byRegion !== 'object') {
      errors.push({ field: `slaPolicy.levels.${level}`, message: 'is required for every level 1–4' });
      continue;
    }
    for (const region of regions ?? []) {
      const t = byRegion[region];
      if (!t) {
        errors.push({ field: `slaPolicy.levels.${level}.${region}`, message: 'is required for every region' });
        continue;
      }
      for (const key of TARGETS) {
        const v = t[key];
        if (v !== null && !(Number.isInteger(v) && v > 0)) {
          errors.push({ field: `slaPolicy.levels.${level}.${region}.${key}`, message: 'must be a positive whole number or null' });
        }
      }
    }
  }
  return errors;
}
