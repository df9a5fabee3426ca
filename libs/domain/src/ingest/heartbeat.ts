import type { DeviceType } from '../assets/device-type';

export const DROP_REASONS = ['bad-topic', 'unknown-device', 'too-large', 'not-utf8', 'not-json', 'not-object', 'invalid-field', 'type-mismatch', 'bad-status'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export const MAX_PAYLOAD_BYTES = 16 * 1024;

export type DiskState = 'ok' | 'warning' | 'failed' | 'absent';

/** One channel of a DVR/NVR; the recording fields ([14]) are optional, old heartbeats stay valid. */
export interface RecorderChannel {
  ch: number;
  recording?: boolean;
  videoLoss?: boolean;
  /** Seconds recorded so far in the current day (the site's local day, midnight to the heartbeat). */
  recordedSec?: number;
  /** The day's recording gaps so far, each at least a second long. */
  gaps?: { from: Date; to: Date }[];
  /** Date (YYYY-MM-DD) of the oldest recording still kept: retention. */
  oldestRecording?: string;
  bitrateKbps?: number;
  fps?: number;
}

/** What a heartbeat says of the device's health; a family left out says nothing about it. */
export interface HealthReport {
  disks?: { id: string; state: DiskState }[];
  channels?: RecorderChannel[];
  video?: 'ok' | 'lost';
  /** A camera's own stream ([14]). */
  bitrateKbps?: number;
  fps?: number;
  tamper?: boolean;
  ptz?: 'ok' | 'fault' | 'none';
  ports?: { port: number; up: boolean }[];
  uplinkUp?: boolean;
  tempC?: number;
  cpuPct?: number;
  diskPct?: number;
  services?: { name: string; up: boolean }[];
}

export interface Heartbeat {
  ts: Date;
  seq: number | null;
  type: DeviceType | null;
  fw: string | null;
  health: HealthReport;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: DropReason; detail: string };
