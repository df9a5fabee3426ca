import { CRITICALITIES, DEVICE_TYPES } from '../assets/device-type';
import { CONDITION_KINDS } from '../health/condition';
import { isClockTime, type QuietHours } from '../alerting/alert-budget';
import { DEFAULT_FAULT_RULES, type FaultRules, type MajorEventWindow } from './fault-rules';

export interface RuleError {
  field: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLevel = (v: unknown) => v === 1 || v === 2 || v === 3 || v === 4;
const isWhole = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Checks a contract's fault rules: every part is optional (what is left out keeps the default), and
 * every part given must be whole and right; answers every problem with its field.
 */
export function validateFaultRules(raw: unknown): RuleError[] {
  const errors: RuleError[] = [];
  const err = (field: string, message: string) => errors.push({ field: `faultRules${field}`, message });
  if (!isObject(raw)) return [{ field: 'faultRules', message: 'must be an object' }];
  const known = ['levels', 'criticalityRaise', 'widespread', 'siteOfflineLevel', 'flapping', 'majorEvents', 'quietHours'];
  for (const key of Object.keys(raw)) if (!known.includes(key)) err(`.${key}`, `is not a rule; rules are ${known.join(', ')}`);
  if (raw.levels !== undefined) {
    if (!isObject(raw.levels)) err('.levels', 'must be an object of condition → {deviceType|"*": level}');
    else for (const [kind, byType] of Object.entries(raw.levels)) {
      if (!(CONDITION_KINDS as readonly string[]).includes(kind)) { err(`.levels.${kind}`, `is not a condition; one of ${CONDITION_KINDS.join(', ')}`); continue; }
      if (!isObject(byType)) { err(`.levels.${kind}`, 'must be an object of deviceType|"*" → level'); continue; }
      for (const [type, level] of Object.entries(byType)) {
        if (type !== '*' && !(DEVICE_TYPES as readonly string[]).includes(type)) err(`.levels.${kind}.${type}`, 'is not a device type or "*"');
        else if (!isLevel(level)) err(`.levels.${kind}.${type}`, 'must be a level 1–4');
      }
    }
  }
  if (raw.criticalityRaise !== undefined) {
    if (!isObject(raw.criticalityRaise)) err('.criticalityRaise', 'must be an object of criticality → 0, 1 or 2');
    else for (const [c, by] of Object.entries(raw.criticalityRaise)) {
      if (!(CRITICALITIES as readonly string[]).includes(c)) err(`.criticalityRaise.${c}`, `is not a criticality; one of ${CRITICALITIES.join(', ')}`);
      else if (!isWhole(by, 0, 2)) err(`.criticalityRaise.${c}`, 'must be 0, 1 or 2');
    }
  }
  if (raw.widespread !== undefined) {
    const w = raw.widespread;
    if (!isObject(w) || !isWhole(w.affected, 1, 100_000) || !isLevel(w.level)) err('.widespread', 'must be {"affected": 1–100000, "level": 1–4}');
  }
  if (raw.siteOfflineLevel !== undefined && !isLevel(raw.siteOfflineLevel)) err('.siteOfflineLevel', 'must be a level 1–4');
  if (raw.flapping !== undefined) {
    const f = raw.flapping;
    if (!isObject(f) || !isWhole(f.changes, 2, 1000) || !isWhole(f.windowMinutes, 1, 1440) || !isLevel(f.level)) {
      err('.flapping', 'must be {"changes": 2–1000, "windowMinutes": 1–1440, "level": 1–4}');
    }
  }
  if (raw.majorEvents !== undefined) {
    if (!Array.isArray(raw.majorEvents)) err('.majorEvents', 'must be a list of {name, from, to, siteIds|null, raiseBy}');
    else raw.majorEvents.forEach((w: unknown, i) => {
      const at = `.majorEvents[${i}]`;
      if (!isObject(w)) return err(at, 'must be {name, from, to, siteIds|null, raiseBy}');
      if (typeof w.name !== 'string' || w.name.length === 0 || w.name.length > 200) err(`${at}.name`, 'must be text of 1–200 characters');
      const from = typeof w.from === 'string' && INSTANT.test(w.from) ? Date.parse(w.from) : NaN;
      const to = typeof w.to === 'string' && INSTANT.test(w.to) ? Date.parse(w.to) : NaN;
      if (Number.isNaN(from)) err(`${at}.from`, 'must be an ISO-8601 instant with a zone');
      if (Number.isNaN(to)) err(`${at}.to`, 'must be an ISO-8601 instant with a zone');
      else if (!Number.isNaN(from) && to <= from) err(`${at}.to`, 'must be after from');
      if (w.siteIds !== null && !(Array.isArray(w.siteIds) && w.siteIds.every((s) => typeof s === 'string'))) err(`${at}.siteIds`, 'must be a list of site ids, or null for every site');
      if (!isWhole(w.raiseBy, 1, 3)) err(`${at}.raiseBy`, 'must be 1, 2 or 3');
    });
  }
  if (raw.quietHours !== undefined && raw.quietHours !== null) {
    const q = raw.quietHours;
    if (!isObject(q)) err('.quietHours', 'must be {"from": "HH:MM", "to": "HH:MM"} or null');
    else {
      for (const k of Object.keys(q)) if (k !== 'from' && k !== 'to') err(`.quietHours.${k}`, 'is not a field; fields are from, to');
      if (!isClockTime(q.from)) err('.quietHours.from', 'must be a local time HH:MM');
      if (!isClockTime(q.to)) err('.quietHours.to', 'must be a local time HH:MM');
    }
  }
  return errors;
}

/** A contract's rules over the defaults: each condition's levels merge by device type; other parts replace. */
export function mergeFaultRules(partial: Partial<FaultRules> | null | undefined, defaults: FaultRules = DEFAULT_FAULT_RULES): FaultRules {
  if (!partial) return defaults;
  const levels = { ...defaults.levels };
  for (const [kind, byType] of Object.entries(partial.levels ?? {})) {
    levels[kind as keyof FaultRules['levels']] = { ...levels[kind as keyof FaultRules['levels']], ...byType };
  }
  return {
    levels,
    criticalityRaise: { ...defaults.criticalityRaise, ...partial.criticalityRaise },
    widespread: partial.widespread ?? defaults.widespread,
    siteOfflineLevel: partial.siteOfflineLevel ?? defaults.siteOfflineLevel,
    flapping: partial.flapping ?? defaults.flapping,
    majorEvents: (partial.majorEvents as MajorEventWindow[] | undefined) ?? defaults.majorEvents,
    quietHours: (partial.quietHours as QuietHours | null | undefined) ?? defaults.quietHours,
  };
}
