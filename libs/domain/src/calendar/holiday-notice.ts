import { DateTime } from 'luxon';
import { validateHolidaySchedule, type HolidaySchedule, type ScheduleError } from './holiday-schedule';

/** The State Council's calendar is Beijing time: its year ends at 24:00 on 31 December there. */
export const HOLIDAY_CALENDAR_TIME_ZONE = 'Asia/Shanghai';
/** Admins are warned this many days before the year ends when the next year's calendar is not loaded. */
export const NEXT_YEAR_WARNING_DAYS = 60;

export type HolidayNoticeResult = { ok: true; schedule: HolidaySchedule } | { ok: false; errors: ScheduleError[] };

const KINDS = new Map<string, 'off' | 'workday'>([
  ['off', 'off'],
  ['workday', 'workday'],
  ['休', 'off'],
  ['班', 'workday'],
]);
const MAX_ERRORS = 20;
const isRealDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s, { zone: 'UTC' }).isValid;
const unquote = (cell: string) =>
  cell
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();

/**
 * One year's notice as CSV, one row a day: `date,kind` with kind `off` (休) or `workday` (调休 make-up day).
 * An optional header line `date,kind`, blank lines and lines starting with `#` are skipped; further columns
 * (a holiday's name) are ignored. Every problem names its line as a spreadsheet shows it (the first line is 1).
 */
export function parseHolidayCsv(year: number, text: string): HolidayNoticeResult {
  const errors: ScheduleError[] = [];
  const daysOff: string[] = [];
  const makeUpWorkdays: string[] = [];
  const lineOf = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let rows = 0;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const cells = raw.split(',').map(unquote);
    if (cells.every((c) => c === '') || cells[0].startsWith('#')) return;
    if (rows === 0 && cells[0].toLowerCase() === 'date' && cells[1]?.toLowerCase() === 'kind') return;
    rows += 1;
    const fail = (message: string): void => {
      errors.push({ field: `line ${line}`, message });
    };
    const [date, kindText = ''] = cells;
    const kind = KINDS.get(kindText.toLowerCase());
    if (cells.length < 2) return fail(`expected two columns date,kind, found "${raw.trim().slice(0, 40)}"`);
    if (!isRealDate(date)) return fail(`"${date.slice(0, 40)}" is not a date written YYYY-MM-DD`);
    if (!date.startsWith(`${year}-`)) return fail(`${date} is not in ${year}`);
    if (!kind) return fail(`kind "${kindText.slice(0, 40)}" must be off or workday`);
    const seen = lineOf.get(date);
    if (seen !== undefined) return fail(`${date} is already on line ${seen}`);
    lineOf.set(date, line);
    (kind === 'off' ? daysOff : makeUpWorkdays).push(date);
  });
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
  if (rows === 0) return { ok: false, errors: [{ field: 'line 1', message: 'the file has no rows date,kind' }] };
  return checked({ year, daysOff: daysOff.sort(), makeUpWorkdays: makeUpWorkdays.sort() });
}

/** The JSON form `{"daysOff":[...],"makeUpWorkdays":[...],"source"?}` for the year in the path; other keys are ignored. */
export function parseHolidayJson(year: number, body: unknown): HolidayNoticeResult {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object with daysOff and makeUpWorkdays, or a text/csv file' }] };
  }
  const b = body as Record<string, unknown>;
  const errors: ScheduleError[] = [];
  const days = (key: 'daysOff' | 'makeUpWorkdays'): string[] => {
    const v = b[key];
    if (!Array.isArray(v) || v.length > 366 || !v.every((d) => typeof d === 'string')) {
      errors.push({ field: key, message: 'must be a list of at most 366 dates written YYYY-MM-DD' });
      return [];
    }
    return v as string[];
  };
  const daysOff = days('daysOff');
  const makeUpWorkdays = days('makeUpWorkdays');
  if (b.source !== undefined && b.source !== null && (typeof b.source !== 'string' || b.source.length > 200)) {
    errors.push({ field: 'source', message: 'must be text of at most 200 characters' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return checked({ year, daysOff, makeUpWorkdays, ...(typeof b.source === 'string' ? { source: b.source } : {}) });
}

/** A notice as it arrives over HTTP: text (text/csv, text/plain) is the CSV form, anything else the JSON one. */
export function parseHolidayNotice(year: number, body: unknown, source?: string): HolidayNoticeResult {
  if (typeof body !== 'string') return parseHolidayJson(year, body);
  const read = parseHolidayCsv(year, body);
  return read.ok && source ? { ok: true, schedule: { ...read.schedule, source } } : read;
}

function checked(schedule: HolidaySchedule): HolidayNoticeResult {
  const errors = validateHolidaySchedule(schedule);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, schedule };
}

export interface CalendarOutlook {
  /** The year after the current one, in Beijing time. */
  nextYear: number;
  /** Next year's calendar is not loaded and the current year ends within the warning period: tell the admins. */
  missingNextYear: boolean;
  /** The current year's calendar is not loaded: live repair clocks are counting it as plain weekdays now. */
  missingThisYear: boolean;
  /** The first day (Beijing time) the warning applies. */
  warnFrom: string;
}

export function calendarOutlook(now: Date, loadedYears: readonly number[], leadDays = NEXT_YEAR_WARNING_DAYS): CalendarOutlook {
  const local = DateTime.fromJSDate(now, { zone: HOLIDAY_CALENDAR_TIME_ZONE });
  const nextYear = local.year + 1;
  const warnFrom = DateTime.fromObject({ year: nextYear, month: 1, day: 1 }, { zone: HOLIDAY_CALENDAR_TIME_ZONE }).minus({ days: leadDays });
  return {
    nextYear,
    missingNextYear: !loadedYears.includes(nextYear) && local >= warnFrom,
    missingThisYear: !loadedYears.includes(local.year),
    warnFrom: warnFrom.toISODate()!,
  };
}
