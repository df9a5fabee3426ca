import type { Criticality, DeviceType } from '../assets/device-type';
import type { ConditionKind } from '../health/condition';
import type { FaultLevel } from '../sla/sla-policy';
import type { FaultKind } from './fault';
import type { QuietHours } from '../alerting/alert-budget';
import { DEFAULT_VIDEO_THRESHOLDS, type VideoThresholds } from '../video/video-types';

/** A period of major-event cover (重大活动保障): levels raised at the sites named, or everywhere. */
export interface MajorEventWindow {
  name: string;
  from: string;
  to: string;
  siteIds: string[] | null;
  raiseBy: 1 | 2 | 3;
}

/** A contract's fault rules as data; DEFAULT_FAULT_RULES follows DOMAIN.md's level table. */
export interface FaultRules {
  /** Level per condition; a device type may have its own level ('*' is every other type). */
  levels: Record<ConditionKind, Partial<Record<DeviceType | '*', FaultLevel>>>;
  /** Steps a device's criticality raises the level by. */
  criticalityRaise: Record<Criticality, 0 | 1 | 2>;
  /** A parent whose silence takes at least this many devices with it is raised to `level`. */
  widespread: { affected: number; level: FaultLevel };
  siteOfflineLevel: FaultLevel;
  flapping: { changes: number; windowMinutes: number; level: FaultLevel };
  majorEvents: MajorEventWindow[];
  /** Local hours (contract's zone) when level 3–4 alerts wait for the morning digest; null: none. */
  quietHours: QuietHours | null;
  /** Recording, retention, stream and VQD thresholds ([14]). */
  video: VideoThresholds;
}

export const DEFAULT_FAULT_RULES: FaultRules = {
  levels: {
    offline: { server: 1, dvr: 2, nvr: 2, switch: 2, '*': 3 },
    'disk-failed': { '*': 2 },
    'disk-warning': { '*': 4 },
    'channel-not-recording': { '*': 3 },
    'video-loss': { '*': 3 },
    tamper: { '*': 3 },
    'ptz-fault': { '*': 3 },
    'port-down': { '*': 3 },
    'uplink-down': { '*': 2 },
    'temperature-high': { '*': 4 },
    'service-down': { '*': 2 },
    'recording-gap': { '*': 3 },
    'retention-short': { '*': 2 },
    'stream-low': { '*': 4 },
    'vqd-blur': { '*': 4 },
    'vqd-colour-cast': { '*': 4 },
    'vqd-noise': { '*': 4 },
    'vqd-occlusion': { '*': 3 },
    'vqd-frozen': { '*': 3 },
    'vqd-signal-loss': { '*': 3 },
    'vqd-brightness': { '*': 4 },
  },
  criticalityRaise: { low: 0, normal: 0, high: 0, critical: 1 },
  widespread: { affected: 5, level: 2 },
  siteOfflineLevel: 1,
  flapping: { changes: 3, windowMinutes: 10, level: 4 },
  majorEvents: [],
  quietHours: null,
  video: DEFAULT_VIDEO_THRESHOLDS,
};

/** Level 1 is the most severe: raising by n lowers the number, never below 1. */
export function raiseLevel(level: FaultLevel, by: number): FaultLevel {
  return Math.max(1, level - by) as FaultLevel;
}

export interface ClassifyInput {
  kind: FaultKind;
  deviceType: DeviceType | null;
  criticality: Criticality | null;
  siteId: string;
  at: Date;
  affectedCount?: number;
  /** Every heartbeat device of the site is silent and this fault carries that outage. */
  siteDark?: boolean;
  /** A level given by the reporter, for faults no rule covers. */
  reportedLevel?: FaultLevel;
}

function baseLevel(rules: FaultRules, input: ClassifyInput): FaultLevel {
  if (input.kind === 'site-offline') return rules.siteOfflineLevel;
  if (input.kind === 'flapping') return rules.flapping.level;
  const byType = rules.levels[input.kind as ConditionKind];
  if (byType) return (input.deviceType && byType[input.deviceType]) || byType['*'] || 3;
  return input.reportedLevel ?? 3;
}

/** The major-event raise in force at a site at an instant: the largest of the windows covering it. */
export function majorEventRaise(rules: FaultRules, siteId: string, at: Date): number {
  const t = at.getTime();
  return rules.majorEvents
    .filter((w) => Date.parse(w.from) <= t && t < Date.parse(w.to) && (w.siteIds === null || w.siteIds.includes(siteId)))
    .reduce((max, w) => Math.max(max, w.raiseBy), 0);
}

/** Level of a fault: the rule for its kind and device type, then raised by scope, criticality and major events. */
export function classifyFault(rules: FaultRules, input: ClassifyInput): FaultLevel {
  let level = baseLevel(rules, input);
  if (input.kind === 'flapping') return level;
  if ((input.affectedCount ?? 0) >= rules.widespread.affected) level = Math.min(level, rules.widespread.level) as FaultLevel;
  if (input.siteDark) level = Math.min(level, rules.siteOfflineLevel) as FaultLevel;
  level = raiseLevel(level, input.criticality ? rules.criticalityRaise[input.criticality] : 0);
  return raiseLevel(level, majorEventRaise(rules, input.siteId, input.at));
}
