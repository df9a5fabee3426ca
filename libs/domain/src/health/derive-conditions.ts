import type { HealthReport } from '../ingest/heartbeat';
import { conditionKey, type Condition, type ConditionKind } from './condition';
import { videoConditions, DEFAULT_VIDEO_OPTIONS, type VideoOptions } from './video-conditions';

export interface HealthOptions {
  /** Switch temperature at which temperature-high is raised; it clears 5 °C below. */
  tempHighC: number;
  /** The device's site's zone, class and video thresholds ([14]); the defaults in UTC when absent. */
  video?: VideoOptions;
}

export const DEFAULT_HEALTH_OPTIONS: HealthOptions = { tempHighC: 70 };
const TEMP_HYSTERESIS_C = 5;

/** The condition kinds each part of a report speaks for; a part left out keeps what it said before. */
const FAMILIES: { field: keyof HealthReport; kinds: ConditionKind[] }[] = [
  { field: 'disks', kinds: ['disk-failed', 'disk-warning'] },
  { field: 'channels', kinds: ['channel-not-recording', 'video-loss'] },
  { field: 'video', kinds: ['video-loss'] },
  { field: 'tamper', kinds: ['tamper'] },
  { field: 'ptz', kinds: ['ptz-fault'] },
  { field: 'ports', kinds: ['port-down'] },
  { field: 'uplinkUp', kinds: ['uplink-down'] },
  { field: 'tempC', kinds: ['temperature-high'] },
  { field: 'services', kinds: ['service-down'] },
];

function fromReport(report: HealthReport, previous: ReadonlyMap<string, Condition>, options: HealthOptions): Condition[] {
  const found: Condition[] = [];
  for (const d of report.disks ?? []) {
    if (d.state === 'failed') found.push({ kind: 'disk-failed', subject: d.id });
    if (d.state === 'warning') found.push({ kind: 'disk-warning', subject: d.id });
  }
  for (const c of report.channels ?? []) {
    if (c.recording === false) found.push({ kind: 'channel-not-recording', subject: String(c.ch) });
    if (c.videoLoss === true) found.push({ kind: 'video-loss', subject: String(c.ch) });
  }
  if (report.video === 'lost') found.push({ kind: 'video-loss' });
  if (report.tamper === true) found.push({ kind: 'tamper' });
  if (report.ptz === 'fault') found.push({ kind: 'ptz-fault' });
  for (const p of report.ports ?? []) if (!p.up) found.push({ kind: 'port-down', subject: String(p.port) });
  if (report.uplinkUp === false) found.push({ kind: 'uplink-down' });
  if (report.tempC !== undefined) {
    const wasHot = previous.has('temperature-high');
    if (report.tempC >= options.tempHighC || (wasHot && report.tempC > options.tempHighC - TEMP_HYSTERESIS_C)) found.push({ kind: 'temperature-high' });
  }
  for (const s of report.services ?? []) if (!s.up) found.push({ kind: 'service-down', subject: s.name });
  return found;
}

/**
 * The conditions after a report: those of the families the report covers are replaced by what it
 * shows; the others (and `offline`, which only liveness decides) stay as they were. `receivedAt`
 * places the site's local day for the recording and retention rules (without it they say nothing).
 */
export function deriveConditions(report: HealthReport, previous: readonly Condition[], options: HealthOptions = DEFAULT_HEALTH_OPTIONS, receivedAt?: Date): Condition[] {
  const before = new Map(previous.map((c) => [conditionKey(c), c]));
  const covered = new Set<ConditionKind>(FAMILIES.filter((f) => report[f.field] !== undefined).flatMap((f) => f.kinds));
  // the video rules ([14]) cover a channel's recording, retention and stream only when it reports them
  const video = videoConditions(report, options.video ?? DEFAULT_VIDEO_OPTIONS, receivedAt);
  // A camera's `video` and a recorder's `channels` both speak for video-loss; only what is present is covered.
  const kept = previous.filter((c) => !covered.has(c.kind) && !video.covered.has(conditionKey(c)));
  const next = new Map(kept.map((c) => [conditionKey(c), c]));
  for (const c of [...fromReport(report, before, options), ...video.found]) next.set(conditionKey(c), c);
  return [...next.values()];
}
