import { DateTime } from 'luxon';
import { readableZone } from '../shared/local-time';
import { FEEDBACK_CHANNELS, FEEDBACK_KINDS, type ComplaintLevel, type FeedbackChannel, type FeedbackKind } from './feedback';

/** What the half-yearly analysis needs of one entry, and no more: the register's entries map onto it directly. */
export interface FeedbackAnalysisEntry {
  kind: FeedbackKind;
  channel: FeedbackChannel;
  receivedAt: Date;
  siteId: string | null;
  deviceId: string | null;
  /** The device's model when it has one (from the inventory). */
  deviceModel?: string | null;
  /** Complaints: their level, due and when they were resolved (null: not yet). */
  level?: ComplaintLevel | null;
  dueAt?: Date | null;
  resolvedAt?: Date | null;
}

export interface FeedbackAnalysisInput {
  entries: readonly FeedbackAnalysisEntry[];
  /** The period, [from, to): entries received outside it are left out. */
  from: Date;
  to: Date;
  /** The months are the calendar months of this zone (the contract's). */
  timeZone: string;
}

export interface FeedbackMonth {
  month: string;
  total: number;
  byKind: Record<FeedbackKind, number>;
  byChannel: Record<FeedbackChannel, number>;
}

export interface ComplaintHandling {
  total: number;
  /** Resolved by their due / after it. */
  onTime: number;
  late: number;
  /** Not resolved by the end of the period, and of those past their due then. */
  unresolved: number;
  unresolvedOverdue: number;
  /** Median hours from receipt to resolution, of the resolved ones; null when none was resolved. */
  medianHours: number | null;
}

export interface RepeatIssue {
  key: string;
  count: number;
}

export interface FeedbackAnalysis {
  period: { from: Date; to: Date; timeZone: string };
  total: number;
  byKind: Record<FeedbackKind, number>;
  byChannel: Record<FeedbackChannel, number>;
  months: FeedbackMonth[];
  complaints: ComplaintHandling & { byLevel: Record<'1' | '2' | '3', ComplaintHandling> };
  /** Sites, devices and device models with two or more issues (complaints, grumbles, maintenance requests) in the period, most first. */
  repeats: { sites: RepeatIssue[]; devices: RepeatIssue[]; models: RepeatIssue[] };
}

/** The kinds that report something wrong: what counts towards repeat issues. */
export const FEEDBACK_ISSUE_KINDS: readonly FeedbackKind[] = ['complaint', 'grumble', 'maintenance-request'];

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function handling(complaints: readonly FeedbackAnalysisEntry[], end: Date): ComplaintHandling {
  const out: ComplaintHandling = { total: complaints.length, onTime: 0, late: 0, unresolved: 0, unresolvedOverdue: 0, medianHours: null };
  const hours: number[] = [];
  for (const c of complaints) {
    const resolved = c.resolvedAt && c.resolvedAt.getTime() < end.getTime() ? c.resolvedAt : null;
    if (resolved) {
      hours.push((resolved.getTime() - c.receivedAt.getTime()) / 3_600_000);
      if (!c.dueAt || resolved.getTime() <= c.dueAt.getTime()) out.onTime += 1;
      else out.late += 1;
    } else {
      out.unresolved += 1;
      if (c.dueAt && c.dueAt.getTime() <= end.getTime()) out.unresolvedOverdue += 1;
    }
  }
  const m = median(hours);
  out.medianHours = m === null ? null : Math.round(m * 100) / 100;
  return out;
}

function repeats(entries: readonly FeedbackAnalysisEntry[], keyOf: (e: FeedbackAnalysisEntry) => string | null | undefined): RepeatIssue[] {
  const counts = new Map<string, number>();
  for (const e of entries) {
    const key = keyOf(e);
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, n]) => n >= 2)
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/**
 * The feedback part of the half-yearly analysis (at least one every half year, for management): volumes by kind and
 * channel per month, complaint handling against the dues (judged as of the end of the period), repeat issues per site,
 * device and model. Pure: the caller reads the entries in scope and hands them over.
 */
export function analyseFeedback(input: FeedbackAnalysisInput): FeedbackAnalysis {
  const zone = readableZone(input.timeZone);
  const inPeriod = input.entries.filter((e) => e.receivedAt.getTime() >= input.from.getTime() && e.receivedAt.getTime() < input.to.getTime());
  const monthOf = (at: Date) => DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM');
  const months: FeedbackMonth[] = [];
  const last = DateTime.fromJSDate(new Date(input.to.getTime() - 1), { zone }).startOf('month');
  for (let m = DateTime.fromJSDate(input.from, { zone }).startOf('month'); m <= last; m = m.plus({ months: 1 }))
    months.push({ month: m.toFormat('yyyy-MM'), total: 0, byKind: zeros(FEEDBACK_KINDS), byChannel: zeros(FEEDBACK_CHANNELS) });
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const byKind = zeros(FEEDBACK_KINDS);
  const byChannel = zeros(FEEDBACK_CHANNELS);
  for (const e of inPeriod) {
    byKind[e.kind] += 1;
    byChannel[e.channel] += 1;
    const m = byMonth.get(monthOf(e.receivedAt));
    if (!m) continue;
    m.total += 1;
    m.byKind[e.kind] += 1;
    m.byChannel[e.channel] += 1;
  }
  const complaints = inPeriod.filter((e) => e.kind === 'complaint');
  const issues = inPeriod.filter((e) => FEEDBACK_ISSUE_KINDS.includes(e.kind));
  return {
    period: { from: input.from, to: input.to, timeZone: zone },
    total: inPeriod.length,
    byKind,
    byChannel,
    months,
    complaints: {
      ...handling(complaints, input.to),
      byLevel: {
        '1': handling(
          complaints.filter((c) => c.level === 1),
          input.to,
        ),
        '2': handling(
          complaints.filter((c) => c.level === 2),
          input.to,
        ),
        '3': handling(
          complaints.filter((c) => c.level === 3),
          input.to,
        ),
      },
    },
    repeats: {
      sites: repeats(issues, (e) => e.siteId),
      devices: repeats(issues, (e) => e.deviceId),
      models: repeats(issues, (e) => e.deviceModel),
    },
  };
}
