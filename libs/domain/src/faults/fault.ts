import { CONDITION_KINDS } from '../health/condition';
import type { FaultLevel } from '../sla/sla-policy';

/** open → acknowledged (with a plan) → dispatched → on-site → restored → closed. */
export const FAULT_STATES = ['open', 'acknowledged', 'dispatched', 'on-site', 'restored', 'closed'] as const;
export type FaultState = (typeof FAULT_STATES)[number];

/** What phone reports (申告) name that heartbeats cannot see. */
export const REPORTED_FAULT_KINDS = ['image-quality', 'no-picture', 'damaged', 'display', 'audio', 'other'] as const;
export const FAULT_KINDS = [...CONDITION_KINDS, 'flapping', 'site-offline', ...REPORTED_FAULT_KINDS] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FAULT_SOURCES = ['health', 'report', 'patrol'] as const;
export type FaultSource = (typeof FAULT_SOURCES)[number];

export const REPORT_CHANNELS = ['phone', 'wechat', 'email', 'on-site', 'other'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

export interface SlaPause {
  from: Date;
  to: Date | null;
  reason: string;
}

export interface Fault {
  id: string;
  deviceId: string | null;
  siteId: string;
  contractId: string | null;
  region: string;
  kind: FaultKind;
  /** Inside the device: disk id, channel, port, service; null for the device as a whole. */
  subject: string | null;
  level: FaultLevel;
  state: FaultState;
  source: FaultSource;
  /** The parent's fault this device's silence joined; null for a fault of its own. */
  parentFaultId: string | null;
  /** Devices behind this one that are silent because of it. */
  affectedCount: number;
  description: string | null;
  reporter: string | null;
  channel: ReportChannel | null;
  plan: string | null;
  assigneeId: string | null;
  patrolId: string | null;
  openedAt: Date;
  acknowledgedAt: Date | null;
  dispatchedAt: Date | null;
  arrivedAt: Date | null;
  restoredAt: Date | null;
  repairedAt: Date | null;
  closedAt: Date | null;
  /** When health recovery cleared it; the fault keeps its history. */
  clearedAt: Date | null;
  resolution: string | null;
  pauses: SlaPause[];
  updatedAt: Date;
}

/** At most one fault per device (or site), kind and subject is open; the database holds this key unique. */
export function openFaultKey(f: Pick<Fault, 'deviceId' | 'siteId' | 'kind' | 'subject'>): string {
  return `${f.deviceId ?? `site:${f.siteId}`}|${f.kind}|${f.subject ?? ''}`;
}

export function isFaultOpen(f: Pick<Fault, 'state'>): boolean {
  return f.state !== 'closed';
}
