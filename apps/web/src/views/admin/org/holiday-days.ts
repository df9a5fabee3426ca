const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** "2027-10-01~2027-10-07", also with "..", "–" or 至: a notice writes its holidays as spans. */
const SPAN = /^(\d{4}-\d{2}-\d{2})\s*(?:~|\.\.|–|—|至)\s*(\d{4}-\d{2}-\d{2})$/;

function isRealDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * The days an admin typed or pasted from the State Council's notice: one per line or separated by commas,
 * spans written "2027-10-01~2027-10-07" spelled out day by day (at most a year). Anything else is kept as
 * typed, so the server names it (one set of rules, the server's).
 */
export function parseDayList(text: string): string[] {
  const out: string[] = [];
  for (const token of text
    .split(/[\n,，、;；]+/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const span = SPAN.exec(token);
    if (span && isRealDay(span[1]) && isRealDay(span[2]) && span[1] <= span[2]) {
      for (let d = new Date(`${span[1]}T00:00:00Z`), n = 0; d.toISOString().slice(0, 10) <= span[2] && n < 366; d.setUTCDate(d.getUTCDate() + 1), n += 1) {
        out.push(d.toISOString().slice(0, 10));
      }
    } else out.push(...token.split(/\s+/));
  }
  return out;
}

/** A year's days written back as spans, one a line, for editing: 2027-10-01~2027-10-07. */
export function formatDayList(days: readonly string[]): string {
  const sorted = [...days].sort();
  const lines: string[] = [];
  let start: string | null = null;
  let prev: string | null = null;
  const next = (day: string): string => {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  };
  const flush = (): void => {
    if (start !== null && prev !== null) lines.push(start === prev ? start : `${start}~${prev}`);
  };
  for (const day of sorted) {
    if (prev !== null && isRealDay(prev) && next(prev) === day) prev = day;
    else {
      flush();
      start = day;
      prev = day;
    }
  }
  flush();
  return lines.join('\n');
}
