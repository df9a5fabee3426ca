import type { VqdCheck } from './video-types';
import type { VideoDayRow } from './video-evidence';

/** Checklist lines the stored video evidence speaks to ([14]): the days of recording kept (DVR/NVR) and the picture (cameras). */
export const RETENTION_LINE = 'retention-days';
export const IMAGE_LINES: readonly string[] = ['cameras'];

/**
 * What the stored video evidence says of one checklist line of one device, from the device's latest reported site-local day:
 * shown beside the line as evidence (not as the engineer's finding); `value` pre-fills a number line.
 */
export interface VideoLineEvidence {
  kind: 'retention' | 'image';
  deviceId: string;
  /** The site-local day the evidence is of. */
  day: string;
  /** Whether it holds: retention ≥ required, no VQD check failed; null when the day has nothing on it. */
  ok: boolean | null;
  /** retention: the fewest days kept over the device's channels; image: null. */
  value: number | null;
  requiredDays: number | null;
  failedChecks: VqdCheck[];
  detail: string;
}

/** The evidence for a line from a device's rows of its latest reported day; null when the line is not one of these or nothing is stored. */
export function videoLineEvidence(itemKey: string, deviceId: string, latest: readonly VideoDayRow[]): VideoLineEvidence | null {
  const rows = latest.filter((r) => r.deviceId === deviceId);
  if (rows.length === 0) return null;
  const day = rows[0].day;
  if (itemKey === RETENTION_LINE) {
    const kept = rows.filter((r) => r.retentionDays !== null).sort((a, b) => a.retentionDays! - b.retentionDays! || a.ch - b.ch);
    if (kept.length === 0) return null;
    const worst = kept[0];
    const required = worst.retentionRequiredDays;
    const ok = required === null ? null : worst.retentionDays! >= required;
    const need = required === null ? '' : ` (required ${required} d)`;
    return {
      kind: 'retention',
      deviceId,
      day,
      ok,
      value: worst.retentionDays,
      requiredDays: required,
      failedChecks: [],
      detail: `recording kept ${worst.retentionDays} d on ${day}, least on ch ${worst.ch}${need}`,
    };
  }
  if (IMAGE_LINES.includes(itemKey)) {
    const checked = rows.filter((r) => r.vqdChecks > 0);
    if (checked.length === 0) return null;
    const failed = checked.filter((r) => r.vqdFailed.length > 0);
    const failedChecks = [...new Set(failed.flatMap((r) => r.vqdFailed))];
    return {
      kind: 'image',
      deviceId,
      day,
      ok: failed.length === 0,
      value: null,
      requiredDays: null,
      failedChecks,
      detail:
        failed.length === 0
          ? `VQD intact on ${day} (${checked.reduce((n, r) => n + r.vqdChecks, 0)} results)`
          : `VQD failed on ${day}: ${failed.map((r) => `ch ${r.ch} ${r.vqdFailed.join(', ')}`).join('; ')}`,
    };
  }
  return null;
}
