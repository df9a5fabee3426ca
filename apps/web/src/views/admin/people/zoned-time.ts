import { DEFAULT_ZONE } from '@web/composables/local-time';

/** A wall-clock time as the forms hold it: "YYYY-MM-DD HH:mm", meant in a named zone (never the browser's). */
export type LocalText = string;

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;

function validZone(zone: string | null | undefined): string {
  if (!zone) return DEFAULT_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return DEFAULT_ZONE;
  }
}

/** The zone's wall clock at an instant, as the milliseconds of the same wall time in UTC. */
function wallMs(ms: number, zone: string): number {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

/**
 * The instant a wall time in `zone` names ("2026-10-01 09:00" in Asia/Shanghai → 01:00Z). A time skipped by a
 * daylight-saving change is read as the hour after; null for text that is not such a time.
 */
export function fromLocal(local: LocalText, zone: string | null | undefined): Date | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const wanted = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(wanted);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  const z = validZone(zone);
  // two rounds find the offset in force at the instant itself, also across a change of offset
  let at = wanted - (wallMs(wanted, z) - wanted);
  at = wanted - (wallMs(at, z) - at);
  return new Date(at);
}

/** An instant as a wall time in `zone`, for a form's field; '' for none. */
export function toLocal(at: Date | string | null | undefined, zone: string | null | undefined): LocalText {
  if (!at) return '';
  const ms = (at instanceof Date ? at : new Date(at)).getTime();
  if (Number.isNaN(ms)) return '';
  return new Date(wallMs(ms, validZone(zone))).toISOString().slice(0, 16).replace('T', ' ');
}
