import { DateTime } from 'luxon';

/** The kinds of record the archive knows today; sources added later bring their own kind names. */
export const ARCHIVE_KINDS = ['status', 'condition', 'firmware', 'fault', 'repair', 'patrol', 'service-record', 'feedback', 'callback', 'survey', 'part'] as const;
export type KnownArchiveKind = (typeof ARCHIVE_KINDS)[number];

/** 中文 headings of the kinds, for documents; the web app translates the codes itself. */
export const ARCHIVE_KIND_LABELS: Record<string, { zh: string; en: string }> = {
  status: { zh: '在线状态', en: 'Status' },
  condition: { zh: '设备状况', en: 'Condition' },
  firmware: { zh: '固件变更', en: 'Firmware' },
  fault: { zh: '故障', en: 'Fault' },
  repair: { zh: '维修', en: 'Repair' },
  patrol: { zh: '巡检', en: 'Patrol' },
  'service-record': { zh: '服务记录', en: 'Service record' },
  feedback: { zh: '客户反馈', en: 'Feedback' },
  callback: { zh: '回访', en: 'Callback' },
  survey: { zh: '满意度调查', en: 'Survey' },
  part: { zh: '更换备件', en: 'Part fitted' },
};

export const archiveKindLabel = (kind: string): string => {
  const l = ARCHIVE_KIND_LABELS[kind];
  return l ? `${l.zh} ${l.en}` : kind;
};

/** One line of a maintenance archive (维护保养档案): a moment, or a span (a run of outages, a fault from open to close). */
export interface ArchiveEntry {
  kind: string;
  /** When it happened, or when the span began. */
  at: Date;
  /** When the span ended; null for a moment, or for a span still open at the end of the period. */
  until: Date | null;
  siteId: string;
  deviceId: string | null;
  /** The record behind the line, for a link: fault, patrol, service record … */
  ref: { type: string; id: string } | null;
  /** What the line says, as a code the web app translates (e.g. 'offline-run', 'fault', 'firmware-changed'). */
  code: string;
  /** The figures and codes behind the line (counts, seconds, SLA outcomes). */
  facts: Record<string, string | number | boolean | null>;
  /** The line for people: zh-CN, and English beside it. */
  text: { zh: string; en: string };
}

/** Oldest first; at the same instant, by kind then device, so a listing is stable from page to page. */
export function compareArchiveEntries(a: ArchiveEntry, b: ArchiveEntry): number {
  return a.at.getTime() - b.at.getTime() || a.kind.localeCompare(b.kind) || (a.deviceId ?? '').localeCompare(b.deviceId ?? '') || a.code.localeCompare(b.code);
}

/** The footer of a numbered document: "第 n 页 / 共 m 页". */
export const pageFooterZh = (page: number, pages: number): string => `第 ${page} 页 / 共 ${pages} 页`;

/** Seconds as people read a duration: "2小时05分" and "2 h 05 min"; under a minute in seconds. */
export function formatDuration(sec: number): { zh: string; en: string } {
  const s = Math.max(0, Math.round(sec));
  if (s < 60) return { zh: `${s}秒`, en: `${s} s` };
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h === 0) return { zh: `${m}分`, en: `${m} min` };
  const mm = String(m).padStart(2, '0');
  return { zh: `${h}小时${mm}分`, en: `${h} h ${mm} min` };
}

/**
 * Months 'YYYY-MM' (the last one included) as an instant range in a time zone: [first instant of `from`,
 * first instant after `to`). Null when either is no month or `to` comes before `from`.
 */
export function monthsRange(from: string, to: string, zone: string): { from: Date; to: Date } | null {
  const a = DateTime.fromFormat(from, 'yyyy-MM', { zone });
  const b = DateTime.fromFormat(to, 'yyyy-MM', { zone });
  if (!a.isValid || !b.isValid || b < a) return null;
  return { from: a.toJSDate(), to: b.plus({ months: 1 }).toJSDate() };
}

/** The local month 'YYYY-MM' an instant falls in. */
export function localMonth(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM');
}

/** The first instant of the local month after the one `at` falls in. */
export function nextLocalMonthStart(at: Date, zone: string): Date {
  return DateTime.fromJSDate(at, { zone }).startOf('month').plus({ months: 1 }).toJSDate();
}

const MONTH = /^\d{4}-\d{2}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A period people name in their zone: months 'YYYY-MM' or days 'YYYY-MM-DD', `to` included whole.
 * Answers [first instant of `from`, first instant after `to`), or the field that is wrong.
 */
export function localPeriod(from: string, to: string, zone: string): { from: Date; to: Date } | { field: 'from' | 'to'; message: string } {
  type Parsed = { start: DateTime; end: DateTime } | { field: 'from' | 'to'; message: string };
  const parse = (text: string, field: 'from' | 'to'): Parsed => {
    const unit = MONTH.test(text) ? 'month' : DAY.test(text) ? 'day' : null;
    const t = unit ? DateTime.fromFormat(text, unit === 'month' ? 'yyyy-MM' : 'yyyy-MM-dd', { zone }) : null;
    return t?.isValid && unit ? { start: t, end: t.plus(unit === 'month' ? { months: 1 } : { days: 1 }) } : { field, message: 'must be a month YYYY-MM or a day YYYY-MM-DD' };
  };
  const a = parse(from, 'from');
  if (!('start' in a)) return a;
  const b = parse(to, 'to');
  if (!('start' in b)) return b;
  if (b.end <= a.start) return { field: 'to', message: 'must not be before from' };
  return { from: a.start.toJSDate(), to: b.end.toJSDate() };
}

/** The last `months` local months up to and including the one `now` falls in, as 'YYYY-MM'. */
export function lastMonths(now: Date, zone: string, months: number): { from: string; to: string } {
  const t = DateTime.fromJSDate(now, { zone }).startOf('month');
  return { from: t.minus({ months: months - 1 }).toFormat('yyyy-MM'), to: t.toFormat('yyyy-MM') };
}
