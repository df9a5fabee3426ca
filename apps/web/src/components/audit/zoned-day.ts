/** The offset of a zone from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
function offsetAt(at: number, zone: string): number {
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
  const p = Object.fromEntries(fmt.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a local day starts in a zone (`endOfDay`: the instant the next one starts), as ISO: a filter
 * "from 1 Nov to 30 Nov" means those days where the estate is, not in the browser's zone or UTC.
 */
export function zonedDayStart(day: string, zone: string, endOfDay = false): string {
  const [y, m, d] = day.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d + (endOfDay ? 1 : 0));
  // two passes settle a day that starts next to a change of offset
  let at = wall - offsetAt(wall, zone);
  at = wall - offsetAt(at, zone);
  return new Date(at).toISOString();
}

/** The month before the one an instant falls in, in a zone: "2026-10" on any day of November there. */
export function previousMonth(now: Date, zone: string): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' }).formatToParts(now).map((x) => [x.type, x.value]));
  const y = +p.year;
  const m = +p.month;
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
