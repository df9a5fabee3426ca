import type { HealthReport, RecorderChannel } from '../ingest/heartbeat';
import { daysBetween, localDayOf } from '../video/video-evidence';
import { DEFAULT_VIDEO_THRESHOLDS, VQD_CHECKS, VQD_CONDITION, type SiteClass, type VideoThresholds, type VqdReport, type VqdResult } from '../video/video-types';
import { conditionKey, type Condition, type ConditionKind } from './condition';

/** What the video rules of one site go by ([14]): its local day, its class and its contract's thresholds. */
export interface VideoOptions {
  timeZone: string;
  siteClass: SiteClass;
  thresholds: VideoThresholds;
}

export const DEFAULT_VIDEO_OPTIONS: VideoOptions = { timeZone: 'UTC', siteClass: 'general', thresholds: DEFAULT_VIDEO_THRESHOLDS };

/** Conditions found, and the keys (kind and subject) the report spoke for: only those are replaced, the rest keep their state. */
export interface VideoFindings {
  covered: Set<string>;
  found: Condition[];
}

/** The site's local day around an instant (the evidence store's `localDayOf`, cached per zone): its start and end (23, 24 or 25 hours apart) and its date. */
function localDay(at: Date, timeZone: string): { start: number; end: number; date: string } {
  const d = localDayOf(at, timeZone);
  return { start: d.startMs, end: d.startMs + d.daySec * 1000, date: d.day };
}

/** Whether a stream is below either floor it carries (a floor of 0 is off). */
function streamLow(s: { bitrateKbps?: number; fps?: number }, t: VideoThresholds): boolean {
  return (s.bitrateKbps !== undefined && t.minBitrateKbps > 0 && s.bitrateKbps < t.minBitrateKbps) || (s.fps !== undefined && t.minFps > 0 && s.fps < t.minFps);
}

/**
 * The longest recording gap of the site's day so far, in seconds: the longest of the `gaps` listed (each cut to the day), or
 * when none are listed, the part of the day elapsed at receipt that `recordedSec` does not cover. Receipt time, not the device's
 * clock, places the day; early in the day little can be missing. Null when the channel says nothing of recording.
 */
function longestGapSec(c: RecorderChannel, day: { start: number; end: number }, receivedAt: Date): number | null {
  if (c.gaps !== undefined) {
    let longest = 0;
    for (const g of c.gaps) longest = Math.max(longest, Math.min(g.to.getTime(), day.end) - Math.max(g.from.getTime(), day.start));
    return longest / 1000;
  }
  if (c.recordedSec !== undefined) return Math.max(0, (receivedAt.getTime() - day.start) / 1000 - c.recordedSec);
  return null;
}

/**
 * The recording, retention and stream conditions a heartbeat shows ([14]). Each rule covers a channel (or a camera) only when
 * the report carries its field, so a heartbeat without it keeps the state before.
 * - recording-gap (channel): the day's longest gap is over maxGapMinutes;
 * - retention-short (channel): fewer whole days from the oldest recording to the site's today than its class must keep;
 * - stream-low (channel; a camera's own stream without subject): bitrate or frame rate below its floor.
 */
export function videoConditions(report: HealthReport, options: VideoOptions, receivedAt: Date | undefined): VideoFindings {
  const covered = new Set<string>();
  const found: Condition[] = [];
  const t = options.thresholds;
  const judge = (kind: ConditionKind, subject: string | undefined, bad: boolean) => {
    const c: Condition = subject === undefined ? { kind } : { kind, subject };
    covered.add(conditionKey(c));
    if (bad) found.push(c);
  };
  // the local day is worked out only for a report that needs it: most heartbeats carry no recording fields
  let day: { start: number; end: number; date: string } | undefined;
  for (const c of report.channels ?? []) {
    const subject = String(c.ch);
    if (receivedAt && (c.gaps !== undefined || c.recordedSec !== undefined || c.oldestRecording !== undefined)) {
      day ??= localDay(receivedAt, options.timeZone);
      const gap = longestGapSec(c, day, receivedAt);
      if (gap !== null) judge('recording-gap', subject, gap > t.maxGapMinutes * 60);
      if (c.oldestRecording !== undefined) judge('retention-short', subject, (daysBetween(c.oldestRecording, day.date) ?? Infinity) < t.retentionDays[options.siteClass]);
    }
    if (c.bitrateKbps !== undefined || c.fps !== undefined) judge('stream-low', subject, streamLow(c, t));
  }
  if (report.bitrateKbps !== undefined || report.fps !== undefined) judge('stream-low', undefined, streamLow(report, t));
  return { covered, found };
}

/** A check fails on its own pass: false, or without one on a score below the contract's floor. */
export function vqdFailed(r: VqdResult, t: VideoThresholds): boolean {
  if (r.pass !== undefined) return !r.pass;
  return r.score !== undefined && r.score < t.vqdMinScore;
}

/** The vqd-* conditions of a VQD report: it speaks for the checks it carries, on its channel (a camera's: no subject). */
export function vqdConditions(report: VqdReport, thresholds: VideoThresholds): VideoFindings {
  const covered = new Set<string>();
  const found: Condition[] = [];
  for (const check of VQD_CHECKS) {
    const result = report.checks[check];
    if (!result) continue;
    const kind = VQD_CONDITION[check] as ConditionKind;
    const c: Condition = report.ch === null ? { kind } : { kind, subject: String(report.ch) };
    covered.add(conditionKey(c));
    if (vqdFailed(result, thresholds)) found.push(c);
  }
  return { covered, found };
}
