import { DateTime } from 'luxon';
import { CRITICALITIES, type Criticality, type DeviceType } from '@vigil/domain/assets/device-type';
import { DEFAULT_FAULT_RULES, type FaultRules } from '@vigil/domain/faults/fault-rules';
import { CONDITION_KINDS, type ConditionKind } from '@vigil/domain/health/condition';
import { SITE_CLASSES, type SiteClass } from '@vigil/domain/video/video-types';
import { targetValue } from './sla-form';

export interface LevelRow {
  kind: ConditionKind;
  /** The level of every device type not listed. */
  all: number;
  byType: { type: DeviceType; level: number }[];
}

export interface MajorEventRow {
  name: string;
  /** Local time in the contract's zone, "2027-03-01 08:00". */
  from: string;
  to: string;
  /** Empty: every site. */
  siteIds: string[];
  raiseBy: number;
}

/** A contract's fault rules as the form edits them: the defaults with the contract's own rules over them; numbers as typed. */
export interface FaultRulesForm {
  levels: LevelRow[];
  criticalityRaise: Record<Criticality, number>;
  widespread: { affected: string; level: number };
  siteOfflineLevel: number;
  flapping: { changes: string; windowMinutes: string; level: number };
  quietHours: { enabled: boolean; from: string; to: string };
  majorEvents: MajorEventRow[];
  /** Recording, retention, stream and VQD thresholds ([14]), as typed. */
  video: VideoForm;
}

export interface VideoForm {
  maxGapMinutes: string;
  retentionDays: Record<SiteClass, string>;
  minBitrateKbps: string;
  minFps: string;
  vqdMinScore: string;
}

type PartialRules = Partial<Omit<FaultRules, 'levels'>> & { levels?: Partial<Record<string, Record<string, number>>> };

const LOCAL = 'yyyy-MM-dd HH:mm';

/** An instant as the contract's zone reads it, for editing. */
export function toLocalInput(iso: string, zone: string): string {
  const at = DateTime.fromISO(iso, { zone });
  return at.isValid ? at.toFormat(LOCAL) : iso;
}

/** A local time typed in the contract's zone as the instant the API takes; text that is no time is sent as typed (the server says why). */
export function fromLocalInput(text: string, zone: string): string {
  const at = DateTime.fromFormat(text.trim(), LOCAL, { zone });
  return at.isValid ? at.toISO({ suppressMilliseconds: true })! : text;
}

export function rulesToForm(saved: unknown, zone: string): FaultRulesForm {
  const own = (saved && typeof saved === 'object' ? saved : {}) as PartialRules;
  const d = DEFAULT_FAULT_RULES;
  const levels = CONDITION_KINDS.map((kind): LevelRow => {
    const merged: Record<string, number> = { ...d.levels[kind], ...own.levels?.[kind] };
    const { '*': all = 3, ...types } = merged;
    return { kind, all, byType: Object.entries(types).map(([type, level]) => ({ type: type as DeviceType, level })) };
  });
  const quiet = own.quietHours === undefined ? d.quietHours : own.quietHours;
  const widespread = own.widespread ?? d.widespread;
  const flapping = own.flapping ?? d.flapping;
  const video = { ...d.video, ...own.video, retentionDays: { ...d.video.retentionDays, ...own.video?.retentionDays } };
  return {
    levels,
    criticalityRaise: { ...d.criticalityRaise, ...own.criticalityRaise },
    widespread: { affected: String(widespread.affected), level: widespread.level },
    siteOfflineLevel: own.siteOfflineLevel ?? d.siteOfflineLevel,
    flapping: { changes: String(flapping.changes), windowMinutes: String(flapping.windowMinutes), level: flapping.level },
    quietHours: quiet ? { enabled: true, from: quiet.from, to: quiet.to } : { enabled: false, from: '22:00', to: '07:00' },
    majorEvents: (own.majorEvents ?? d.majorEvents).map((w) => ({
      name: w.name,
      from: toLocalInput(w.from, zone),
      to: toLocalInput(w.to, zone),
      siteIds: w.siteIds ?? [],
      raiseBy: w.raiseBy,
    })),
    video: {
      maxGapMinutes: String(video.maxGapMinutes),
      retentionDays: Object.fromEntries(SITE_CLASSES.map((c) => [c, String(video.retentionDays[c])])) as Record<SiteClass, string>,
      minBitrateKbps: String(video.minBitrateKbps),
      minFps: String(video.minFps),
      vqdMinScore: String(video.vqdMinScore),
    },
  };
}

/**
 * The rules to store: every part, so what the admin sees is what the contract has. A device type's own level
 * that the defaults also set can be changed but not dropped (the contract's levels merge over the defaults).
 */
export function formToRules(form: FaultRulesForm, zone: string): Record<string, unknown> {
  return {
    levels: Object.fromEntries(form.levels.map((row) => [row.kind, { ...Object.fromEntries(row.byType.map((t) => [t.type, t.level])), '*': row.all }])),
    criticalityRaise: Object.fromEntries(CRITICALITIES.map((c) => [c, form.criticalityRaise[c]])),
    widespread: { affected: targetValue(form.widespread.affected), level: form.widespread.level },
    siteOfflineLevel: form.siteOfflineLevel,
    flapping: { changes: targetValue(form.flapping.changes), windowMinutes: targetValue(form.flapping.windowMinutes), level: form.flapping.level },
    quietHours: form.quietHours.enabled ? { from: form.quietHours.from.trim(), to: form.quietHours.to.trim() } : null,
    majorEvents: form.majorEvents.map((w) => ({
      name: w.name.trim(),
      from: fromLocalInput(w.from, zone),
      to: fromLocalInput(w.to, zone),
      siteIds: w.siteIds.length > 0 ? [...w.siteIds] : null,
      raiseBy: w.raiseBy,
    })),
    video: {
      maxGapMinutes: targetValue(form.video.maxGapMinutes),
      retentionDays: Object.fromEntries(SITE_CLASSES.map((c) => [c, targetValue(form.video.retentionDays[c])])),
      minBitrateKbps: targetValue(form.video.minBitrateKbps),
      minFps: targetValue(form.video.minFps),
      vqdMinScore: targetValue(form.video.vqdMinScore),
    },
  };
}

/** Whether a type's level on a condition comes from the defaults (it can be changed, not removed). */
export function isDefaultTypeLevel(kind: ConditionKind, type: DeviceType): boolean {
  return DEFAULT_FAULT_RULES.levels[kind][type] !== undefined;
}
