import { CRITICALITIES, DEVICE_ID_PATTERN, isDeviceType, type Criticality } from '../assets/device-type';
import { DEFAULT_HEARTBEAT_INTERVAL_SEC } from '../assets/asset.types';

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): FieldCheck<T> => ({ ok: true, value });
const bad = (message: string): FieldCheck<never> => ({ ok: false, message });

export function checkDeviceId(raw: string, label = 'id'): FieldCheck<string> {
  if (raw === '') return bad(`${label} is required`);
  return DEVICE_ID_PATTERN.test(raw) ? ok(raw) : bad(`${label} must be 1–64 of A-Z a-z 0-9 . _ -`);
}

export function checkType(raw: string) {
  if (raw === '') return bad('type is required');
  return isDeviceType(raw) ? ok(raw) : bad(`unknown device type "${raw}"`);
}

export function checkInterval(raw: string): FieldCheck<number> {
  if (raw === '') return ok(DEFAULT_HEARTBEAT_INTERVAL_SEC);
  const n = Number(raw);
  return /^\d+$/.test(raw) && n >= 1 && n <= 86400 ? ok(n) : bad('must be a whole number of seconds from 1 to 86400');
}

export function checkCriticality(raw: string): FieldCheck<Criticality> {
  if (raw === '') return ok('normal');
  return (CRITICALITIES as readonly string[]).includes(raw) ? ok(raw as Criticality) : bad(`must be one of ${CRITICALITIES.join(', ')}`);
}

/** A real calendar date written YYYY-MM-DD, or empty. */
export function checkDate(raw: string): FieldCheck<string | null> {
  if (raw === '') return ok(null);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!m) return bad('must be a date written YYYY-MM-DD');
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === raw ? ok(raw) : bad(`${raw} is not a real date`);
}

export function checkText(raw: string, max: number): FieldCheck<string | null> {
  if (raw === '') return ok(null);
  return raw.length <= max ? ok(raw) : bad(`must be at most ${max} characters`);
}
