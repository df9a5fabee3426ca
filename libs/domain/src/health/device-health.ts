import type { DeviceStatus } from '../assets/device-type';
import type { DeviceChange } from '../events/device-event';
import type { Heartbeat } from '../ingest/heartbeat';
import { conditionKey, type Condition } from './condition';
import type { VideoThresholds, VqdReport } from '../video/video-types';
import { deriveConditions, DEFAULT_HEALTH_OPTIONS, type HealthOptions } from './derive-conditions';
import { vqdConditions } from './video-conditions';

/** What ingest keeps in memory per device. */
export interface HealthState {
  status: DeviceStatus;
  conditions: Condition[];
  lastSeq: number | null;
  lastDeviceTs: Date | null;
  lastSeenAt: Date | null;
  firmware: string | null;
}

export interface HealthOutcome {
  state: HealthState;
  changes: DeviceChange[];
  accepted: boolean;
  ignoredBecause?: 'duplicate' | 'stale';
}

export function initialHealth(firmware: string | null = null): HealthState {
  return { status: 'unknown', conditions: [], lastSeq: null, lastDeviceTs: null, lastSeenAt: null, firmware };
}

const OFFLINE: Condition = { kind: 'offline' };

function statusOf(conditions: readonly Condition[]): DeviceStatus {
  if (conditions.some((c) => c.kind === 'offline')) return 'offline';
  return conditions.length > 0 ? 'degraded' : 'online';
}

function diff(before: HealthState, after: HealthState): DeviceChange[] {
  const changes: DeviceChange[] = [];
  const was = new Map(before.conditions.map((c) => [conditionKey(c), c]));
  const now = new Map(after.conditions.map((c) => [conditionKey(c), c]));
  for (const [key, c] of was) if (!now.has(key)) changes.push({ kind: 'condition-cleared', condition: c });
  for (const [key, c] of now) if (!was.has(key)) changes.push({ kind: 'condition-raised', condition: c });
  if (before.status !== after.status) changes.push({ kind: 'status-changed', from: before.status, to: after.status });
  if (after.firmware !== null && before.firmware !== after.firmware) changes.push({ kind: 'firmware-changed', from: before.firmware, to: after.firmware });
  return changes;
}

/**
 * How far back a device's clock may step before it counts as reset (a reboot without a real-time
 * clock, an NTP correction) rather than a message delivered late: late MQTT deliveries are seconds old.
 */
export const CLOCK_RESET_MS = 120_000;

/**
 * Applies one valid heartbeat. A repeat of the last seq changes nothing; a lower seq whose device
 * time is not newer is a late message and changes nothing; a lower seq with a newer time is a reboot.
 * A device time more than CLOCK_RESET_MS behind the last one is a reset clock, accepted and followed
 * from then on, so a device whose clock stepped back is never ignored until it catches up.
 * Liveness counts receive time, so a device clock that is off never makes it look silent.
 */
export function applyHeartbeat(state: HealthState, hb: Heartbeat, receivedAt: Date, options: HealthOptions = DEFAULT_HEALTH_OPTIONS): HealthOutcome {
  const behindMs = state.lastDeviceTs === null ? 0 : state.lastDeviceTs.getTime() - hb.ts.getTime();
  const clockReset = behindMs > CLOCK_RESET_MS;
  if (hb.seq !== null && state.lastSeq !== null) {
    if (hb.seq === state.lastSeq) return { state, changes: [], accepted: false, ignoredBecause: 'duplicate' };
    if (hb.seq < state.lastSeq && behindMs >= 0 && !clockReset) return { state, changes: [], accepted: false, ignoredBecause: 'stale' };
  } else if (hb.seq === null && behindMs > 0 && !clockReset) {
    return { state, changes: [], accepted: false, ignoredBecause: 'stale' };
  }
  const conditions = deriveConditions(
    hb.health,
    state.conditions.filter((c) => c.kind !== 'offline'),
    options,
    receivedAt,
  );
  const keepLastTs = state.lastDeviceTs !== null && behindMs > 0 && !clockReset;
  const next: HealthState = {
    status: statusOf(conditions),
    conditions,
    lastSeq: hb.seq ?? state.lastSeq,
    lastDeviceTs: keepLastTs ? state.lastDeviceTs : hb.ts,
    lastSeenAt: receivedAt,
    firmware: hb.fw ?? state.firmware,
  };
  return { state: next, changes: diff(state, next), accepted: true };
}

/** Silence past the deadline, or the device's own `offline` status. */
export function markOffline(state: HealthState): HealthOutcome {
  if (state.status === 'offline') return { state, changes: [], accepted: true };
  const next: HealthState = { ...state, status: 'offline', conditions: [...state.conditions, OFFLINE] };
  return { state: next, changes: diff(state, next), accepted: true };
}

/**
 * Applies one valid VQD report ([14]): the vqd-* conditions of the checks it carries, on its channel, are replaced by its
 * results; nothing else changes. It is not a heartbeat (a diagnosis server may send it), so it says nothing of liveness:
 * last seen, sequence and an offline or never-heard status stay as they were.
 */
export function applyVqd(state: HealthState, report: VqdReport, thresholds: VideoThresholds): HealthOutcome {
  const { covered, found } = vqdConditions(report, thresholds);
  const next = new Map(state.conditions.filter((c) => !covered.has(conditionKey(c))).map((c) => [conditionKey(c), c]));
  for (const c of found) next.set(conditionKey(c), c);
  const conditions = [...next.values()];
  const status = state.status === 'unknown' ? 'unknown' : statusOf(conditions);
  const after: HealthState = { ...state, status, conditions };
  return { state: after, changes: diff(state, after), accepted: true };
}
