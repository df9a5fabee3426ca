/**
 * What only a CCTV maintainer measures: whether the video was recorded, kept and usable ([14]).
 * Shared by ingest (contract fields and conditions), the evidence store and the figures.
 */

/** A site's class decides how long its recordings must be kept (banks and schools 30 days; hotels, counter-terror key sites and prisons' key areas 90). */
export const SITE_CLASSES = ['general', 'bank', 'school', 'hotel', 'key-site', 'prison'] as const;
export type SiteClass = (typeof SITE_CLASSES)[number];

/** Video-quality-diagnosis (视频质量诊断) checks a camera or a diagnosis server reports. */
export const VQD_CHECKS = ['blur', 'colourCast', 'noise', 'occlusion', 'frozen', 'signalLoss', 'brightness'] as const;
export type VqdCheck = (typeof VQD_CHECKS)[number];

/** The condition kind each VQD check raises when it fails. */
export const VQD_CONDITION: Record<VqdCheck, `vqd-${string}`> = {
  blur: 'vqd-blur',
  colourCast: 'vqd-colour-cast',
  noise: 'vqd-noise',
  occlusion: 'vqd-occlusion',
  frozen: 'vqd-frozen',
  signalLoss: 'vqd-signal-loss',
  brightness: 'vqd-brightness',
};

/** One check's result: a pass/fail, or a quality score 0–100 (100 perfect) judged against the contract's floor unless `pass` is given. */
export interface VqdResult {
  score?: number;
  pass?: boolean;
}

/** A VQD report (topic vigil/v1/devices/{id}/vqd): the checks run on one channel (cameras: channel absent) at one time. */
export interface VqdReport {
  ts: Date;
  /** Channel of a recorder; null for a camera's own picture. */
  ch: number | null;
  checks: Partial<Record<VqdCheck, VqdResult>>;
}

/** A contract's video thresholds, part of its fault rules. */
export interface VideoThresholds {
  /** A recording gap longer than this in a day raises recording-gap. */
  maxGapMinutes: number;
  /** Minimum days of recording kept, per site class. */
  retentionDays: Record<SiteClass, number>;
  /** A stream below either floor raises stream-low (a floor of 0 is off). */
  minBitrateKbps: number;
  minFps: number;
  /** A VQD score below this fails its check (when the report gives no pass/fail of its own). */
  vqdMinScore: number;
}

export const DEFAULT_VIDEO_THRESHOLDS: VideoThresholds = {
  maxGapMinutes: 30,
  retentionDays: { general: 30, bank: 30, school: 30, hotel: 90, 'key-site': 90, prison: 90 },
  minBitrateKbps: 256,
  minFps: 10,
  vqdMinScore: 60,
};
