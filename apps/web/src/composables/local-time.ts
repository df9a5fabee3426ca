/** The demo contract's zone: for what belongs to no site (the audit trail), and a site whose zone is unknown. */
export const DEFAULT_ZONE = 'Asia/Shanghai';

function parts(at: Date, zone: string): { zone: string; p: Record<string, string> } {
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-CA', { ...options, timeZone: zone });
  } catch {
    zone = DEFAULT_ZONE;
    fmt = new Intl.DateTimeFormat('en-CA', { ...options, timeZone: zone });
  }
  return { zone, p: Object.fromEntries(fmt.formatToParts(at).map((x) => [x.type, x.value])) };
}

/**
 * The one way the app prints an instant: local time in the site's (or contract's) zone with the zone
 * named, "2027-01-01 00:00 (Asia/Shanghai)", as the documents and alerts do; the API itself speaks UTC.
 */
export function localTime(iso: string | Date | null | undefined, zone?: string | null, options: { withZone?: boolean; dateOnly?: boolean } = {}): string {
  if (!iso) return '';
  const at = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const { zone: used, p } = parts(at, zone || DEFAULT_ZONE);
  const text = options.dateOnly ? `${p.year}-${p.month}-${p.day}` : `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  return options.withZone === false ? text : `${text} (${used})`;
}

/** "1:02:03" for a span in milliseconds (negative spans shown with a minus: late). */
export function duration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${sign}${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
