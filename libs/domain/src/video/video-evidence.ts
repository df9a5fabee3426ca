import { DateTime } from 'luxon';
import { VQD_CHECKS, type VqdCheck } from './video-types';

/**
 * The stored evidence of one channel on one site-local day ([14]): what the recorder said of it that day.
 * ch 0 is a camera's own picture. Every field merges so that writing a row twice, or from two processes,
 * never lowers a figure: first report MIN, last report MAX, recorded MAX, retention the worst (MIN), VQD
 * failures OR-ed. Figures come from these rows at read time (see rollUpVideo).
 */
export interface VideoDayRow {
  deviceId: string;
  ch: number;
  /** The site-local date, YYYY-MM-DD. */
  day: string;
  siteId: string;
  /** Real seconds of that local day (82,800 / 86,400 / 90,000 on DST days). */
  daySec: number;
  /**
   * Seconds from local midnight to where the channel's day began by its earliest report (the report's time less the recording
   * and listed gaps it accounted for; its time itself when it reported no recording): the start of a channel's first day ever.
   */
  firstReportSec: number;
  /** Seconds from local midnight to the last report of the day. */
  lastReportSec: number;
  /** Seconds recorded from local midnight to the last report; null: no recording report that day. */
  recordedSec: number | null;
  /** Days of recording kept (the worst of the day); null: no retention report. */
  retentionDays: number | null;
  /** Days the site's class and contract require, as known when the evidence came. */
  retentionRequiredDays: number | null;
  /** VQD results that day, and the checks that failed in any of them. */
  vqdChecks: number;
  vqdFailed: VqdCheck[];
}

/** One thing a recorder or a diagnosis server said of one channel at one instant. */
export interface ChannelObservation {
  deviceId: string;
  siteId: string;
  ch: number;
  /** When the platform received it. */
  at: Date;
  timeZone: string;
  recordedSec?: number;
  gaps?: { from: Date; to: Date }[];
  oldestRecording?: string;
  retentionRequiredDays?: number;
  vqd?: { failed: readonly VqdCheck[] };
}

/** The last local day computed per zone: the ingest hot path asks for the same day thousands of times a second. */
const lastDay = new Map<string, { day: string; daySec: number; startMs: number; endMs: number }>();

/** The site-local day of an instant: its date, the seconds since its midnight and the day's real length. */
export function localDayOf(at: Date, timeZone: string): { day: string; secOfDay: number; daySec: number; startMs: number } {
  const t = at.getTime();
  let d = lastDay.get(timeZone);
  if (!d || t < d.startMs || t >= d.endMs) {
    const local = DateTime.fromJSDate(at, { zone: timeZone });
    const start = (local.isValid ? local : DateTime.fromJSDate(at, { zone: 'UTC' })).startOf('day');
    const end = start.plus({ days: 1 }).startOf('day');
    d = { day: start.toFormat('yyyy-MM-dd'), daySec: Math.round((end.toMillis() - start.toMillis()) / 1000), startMs: start.toMillis(), endMs: end.toMillis() };
    lastDay.set(timeZone, d);
  }
  return { day: d.day, secOfDay: Math.floor((t - d.startMs) / 1000), daySec: d.daySec, startMs: d.startMs };
}

/** Whole calendar days from one YYYY-MM-DD to another (negative when `to` is earlier); null for a malformed date. */
export function daysBetween(from: string, to: string): number | null {
  const a = DateTime.fromISO(from, { zone: 'UTC' });
  const b = DateTime.fromISO(to, { zone: 'UTC' });
  if (!a.isValid || !b.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(from)) return null;
  return Math.round(b.diff(a, 'days').days);
}

/** Every local date of a month 'YYYY-MM', in order; null for a malformed month. */
export function daysOfMonth(month: string): string[] | null {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return null;
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone: 'UTC' });
  if (!start.isValid) return null;
  return Array.from({ length: start.daysInMonth ?? 0 }, (_, i) => start.plus({ days: i }).toFormat('yyyy-MM-dd'));
}

const sortChecks = (checks: Iterable<VqdCheck>) => VQD_CHECKS.filter((c) => new Set(checks).has(c));
const minKnown = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxKnown = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** Seconds of the listed gaps inside the day up to the receipt. */
function gapSecOf(o: ChannelObservation, dayStart: number): number {
  const until = o.at.getTime();
  let gapMs = 0;
  for (const g of o.gaps ?? []) gapMs += Math.max(0, Math.min(g.to.getTime(), until) - Math.max(g.from.getTime(), dayStart));
  return Math.round(gapMs / 1000);
}

/** Seconds recorded from midnight to `secOfDay`, from the recorder's own count or else from its gaps. */
function recordedOf(o: ChannelObservation, secOfDay: number, dayStart: number): number | null {
  if (o.recordedSec !== undefined) return Math.max(0, Math.floor(o.recordedSec));
  if (!o.gaps) return null;
  return Math.max(0, secOfDay - gapSecOf(o, dayStart));
}

/**
 * Where the channel's day began by this report: its receipt less what it accounts for (recorded seconds and listed gaps).
 * Only the channel's first day ever is counted from here (a channel installed at noon owes nothing before), so a recorder
 * enrolled with a gap already behind it shows that gap on its first day only if it lists it in `gaps`.
 */
function dayBeganSec(o: ChannelObservation, recorded: number | null, secOfDay: number, dayStart: number): number {
  if (recorded === null) return secOfDay;
  const listed = o.recordedSec !== undefined ? gapSecOf(o, dayStart) : 0;
  return Math.max(0, secOfDay - recorded - listed);
}

/** How far a recorder's count may run ahead of the receipt time (its clock, the network) and still be of the same day. */
export const RECORDER_SKEW_SEC = 120;

/**
 * A count is of the receipt's day only if it fits in it: one received just after midnight that still counts
 * yesterday's seconds belongs to yesterday and is left out (it would otherwise stand as today's maximum all day).
 */
function sameDay(recorded: number | null, secOfDay: number): number | null {
  if (recorded === null) return null;
  return recorded > secOfDay + RECORDER_SKEW_SEC ? null : Math.min(recorded, secOfDay);
}

/** Folds one observation into the row of its channel and site-local day (a new row when there is none yet). */
export function foldVideoObservation(row: VideoDayRow | undefined, o: ChannelObservation): VideoDayRow {
  const { day, secOfDay, daySec, startMs } = localDayOf(o.at, o.timeZone);
  const kept = o.oldestRecording !== undefined ? daysBetween(o.oldestRecording, day) : null;
  const recorded = sameDay(recordedOf(o, secOfDay, startMs), secOfDay);
  const fresh: VideoDayRow = {
    deviceId: o.deviceId,
    ch: o.ch,
    day,
    siteId: o.siteId,
    daySec,
    firstReportSec: dayBeganSec(o, recorded, secOfDay, startMs),
    lastReportSec: secOfDay,
    recordedSec: recorded,
    retentionDays: kept === null ? null : Math.max(0, kept),
    retentionRequiredDays: o.retentionRequiredDays ?? null,
    vqdChecks: o.vqd ? 1 : 0,
    vqdFailed: o.vqd ? sortChecks(o.vqd.failed) : [],
  };
  return row && row.day === day ? mergeVideoDayRows(row, fresh) : fresh;
}

/** Two rows of the same channel and day as one: the same merge the repositories do in SQL. */
export function mergeVideoDayRows(a: VideoDayRow, b: VideoDayRow): VideoDayRow {
  return {
    ...a,
    siteId: b.siteId,
    daySec: b.daySec,
    firstReportSec: Math.min(a.firstReportSec, b.firstReportSec),
    lastReportSec: Math.max(a.lastReportSec, b.lastReportSec),
    recordedSec: maxKnown(a.recordedSec, b.recordedSec),
    retentionDays: minKnown(a.retentionDays, b.retentionDays),
    retentionRequiredDays: b.retentionRequiredDays ?? a.retentionRequiredDays,
    vqdChecks: a.vqdChecks + b.vqdChecks,
    vqdFailed: sortChecks([...a.vqdFailed, ...b.vqdFailed]),
  };
}

/** VQD failures as a bit set for storage (bit i = VQD_CHECKS[i]), and back. */
export function vqdMask(checks: readonly VqdCheck[]): number {
  return checks.reduce((mask, c) => mask | (1 << VQD_CHECKS.indexOf(c)), 0);
}
export function vqdChecksOf(mask: number): VqdCheck[] {
  return VQD_CHECKS.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** Sums behind the figures; they add up from channel to device, site and contract. */
export interface VideoTally {
  recordedSec: number;
  expectedSec: number;
  /** Channel-days with a retention report, and those keeping at least the required days. */
  retentionDays: number;
  retentionOkDays: number;
  /** Channel-days with VQD results, and those with none failed. */
  vqdDays: number;
  intactDays: number;
  /** Channel-days with any report, and those since the channel was first seen with none at all. */
  reportedChannelDays: number;
  unknownChannelDays: number;
}

export interface VideoFigures {
  /** 录像完整率: Σ recorded / Σ expected over the days with reports; null: nothing reported. */
  completeness: number | null;
  /** Retention compliance: channel-days keeping the required days / channel-days with a retention report. */
  retentionCompliance: number | null;
  /** 完好率 of the picture: channel-days with VQD results and none failed / channel-days with VQD results. */
  intactRate: number | null;
  reportedChannelDays: number;
  unknownChannelDays: number;
}

export const EMPTY_TALLY: VideoTally = {
  recordedSec: 0,
  expectedSec: 0,
  retentionDays: 0,
  retentionOkDays: 0,
  vqdDays: 0,
  intactDays: 0,
  reportedChannelDays: 0,
  unknownChannelDays: 0,
};

export function addTallies(a: VideoTally, b: VideoTally): VideoTally {
  const out = { ...a };
  for (const k of Object.keys(EMPTY_TALLY) as (keyof VideoTally)[]) out[k] = a[k] + b[k];
  return out;
}

/** Four decimals, as the online rate: 0.9167 is 91.67 %. */
const ratio = (num: number, den: number) => (den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null);

export function videoFigures(t: VideoTally): VideoFigures {
  return {
    completeness: ratio(t.recordedSec, t.expectedSec),
    retentionCompliance: ratio(t.retentionOkDays, t.retentionDays),
    intactRate: ratio(t.intactDays, t.vqdDays),
    reportedChannelDays: t.reportedChannelDays,
    unknownChannelDays: t.unknownChannelDays,
  };
}

/**
 * The expected seconds of a row: from local midnight (or, on the channel's first day ever, from where its day began by its
 * first report: a channel added mid-day owes nothing before it existed) to the last report, within the day's real length.
 */
export function expectedSecOf(row: VideoDayRow, firstDay: boolean): number {
  const from = firstDay ? row.firstReportSec : 0;
  return Math.max(0, Math.min(row.lastReportSec, row.daySec) - from);
}

/** One row's share of the sums. */
export function tallyRow(row: VideoDayRow, firstDay: boolean): VideoTally {
  const expected = row.recordedSec === null ? 0 : expectedSecOf(row, firstDay);
  const kept = row.retentionDays !== null;
  const required = row.retentionRequiredDays ?? 0;
  return {
    recordedSec: row.recordedSec === null ? 0 : Math.min(row.recordedSec, expected),
    expectedSec: expected,
    retentionDays: kept ? 1 : 0,
    retentionOkDays: kept && row.retentionDays! >= required ? 1 : 0,
    vqdDays: row.vqdChecks > 0 ? 1 : 0,
    intactDays: row.vqdChecks > 0 && row.vqdFailed.length === 0 ? 1 : 0,
    reportedChannelDays: 1,
    unknownChannelDays: 0,
  };
}

/** A channel as the figures know it: where it is and the first local day it was ever reported. */
export interface VideoChannel {
  deviceId: string;
  siteId: string;
  ch: number;
  firstDay: string;
}

export interface ChannelVideoFigures extends VideoFigures {
  ch: number;
  days: ({ day: string } & VideoFigures)[];
}
export interface DeviceVideoFigures extends VideoFigures {
  deviceId: string;
  channels: ChannelVideoFigures[];
}
export interface SiteVideoFigures extends VideoFigures {
  siteId: string;
  timeZone: string;
  devices: DeviceVideoFigures[];
  /** The site's own local days of the period, each rolled up over its channels. */
  days: ({ day: string } & VideoFigures)[];
}

/**
 * The figures of a site over some of its local days (a month up to today, or one day): channel → device → site,
 * each a ratio of sums, never a mean of ratios. A channel-day since the channel was first seen with no report at
 * all is unknown, counted apart, never a zero; days before a channel was first seen do not exist for it.
 */
export function rollUpSiteVideo(
  site: { siteId: string; timeZone: string },
  days: readonly string[],
  channels: readonly VideoChannel[],
  rows: readonly VideoDayRow[],
): SiteVideoFigures & { tally: VideoTally } {
  const inPeriod = new Set(days);
  const byChannel = new Map<string, VideoDayRow[]>();
  for (const r of rows) {
    if (!inPeriod.has(r.day)) continue;
    const key = `${r.deviceId}|${r.ch}`;
    byChannel.set(key, [...(byChannel.get(key) ?? []), r]);
  }
  const dayTallies = new Map<string, VideoTally>(days.map((d) => [d, EMPTY_TALLY]));
  const devices = new Map<string, { tally: VideoTally; channels: ChannelVideoFigures[] }>();
  const sorted = [...channels].sort((a, b) => a.deviceId.localeCompare(b.deviceId) || a.ch - b.ch);
  for (const c of sorted) {
    const own = new Map((byChannel.get(`${c.deviceId}|${c.ch}`) ?? []).map((r) => [r.day, r]));
    let tally = EMPTY_TALLY;
    const series: ({ day: string } & VideoFigures)[] = [];
    for (const day of days) {
      if (day < c.firstDay) continue;
      const row = own.get(day);
      const t = row ? tallyRow(row, day === c.firstDay) : { ...EMPTY_TALLY, unknownChannelDays: 1 };
      tally = addTallies(tally, t);
      dayTallies.set(day, addTallies(dayTallies.get(day)!, t));
      series.push({ day, ...videoFigures(t) });
    }
    const device = devices.get(c.deviceId) ?? { tally: EMPTY_TALLY, channels: [] };
    device.tally = addTallies(device.tally, tally);
    device.channels.push({ ch: c.ch, ...videoFigures(tally), days: series });
    devices.set(c.deviceId, device);
  }
  const tally = [...devices.values()].reduce((t, d) => addTallies(t, d.tally), EMPTY_TALLY);
  return {
    siteId: site.siteId,
    timeZone: site.timeZone,
    ...videoFigures(tally),
    devices: [...devices.entries()].map(([deviceId, d]) => ({ deviceId, ...videoFigures(d.tally), channels: d.channels })),
    days: days.map((day) => ({ day, ...videoFigures(dayTallies.get(day)!) })),
    tally,
  };
}

/** The local days of a month a site has lived so far: the whole month when past, up to today when current, none when ahead. */
export function daysSoFar(month: string, timeZone: string, now: Date): string[] | null {
  const all = daysOfMonth(month);
  if (!all) return null;
  const today = localDayOf(now, timeZone).day;
  return all.filter((d) => d <= today);
}
