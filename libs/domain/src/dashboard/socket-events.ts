import type { DeviceStatus } from '../assets/device-type';
import type { FaultKind, FaultState } from '../faults/fault';
import type { FaultLevel } from '../sla/sla-policy';

export interface FaultEventPayload {
  id: string;
  deviceId: string | null;
  siteId: string;
  kind: FaultKind;
  level: FaultLevel;
  state: FaultState;
  openedAt: string;
  affectedCount: number;
  parentFaultId: string | null;
  assigneeId: string | null;
  /** The SLA steps as of the event (instants as ISO text), so a browser needs no second request. */
  sla?: unknown;
}

export interface DeviceStatusPayload {
  deviceId: string;
  siteId: string;
  status: DeviceStatus;
  at: string;
}

/** What a browser needs to draw the feed at once: sent on every (re)connect, scoped to the user. */
export interface DashboardSnapshot {
  at: string;
  summary: Record<FaultLevel, number>;
  /** The newest open faults, at most SNAPSHOT_FAULTS of them (the page pages the rest over REST). */
  faults: FaultEventPayload[];
  totalOpen: number;
}

export const SNAPSHOT_FAULTS = 200;

/** Every event the /dashboard namespace emits, with its payload: shared by the gateway and the page. */
export interface DashboardServerEvents {
  snapshot: (snapshot: DashboardSnapshot) => void;
  /** Open faults counted by level; on connect and, coalesced, after changes. */
  summary: (counts: Record<FaultLevel, number>) => void;
  'fault.opened': (fault: FaultEventPayload) => void;
  'fault.updated': (fault: FaultEventPayload) => void;
  'fault.cleared': (fault: FaultEventPayload) => void;
  /** Instead of the three above when more than 50 faults changed within 250 ms: one per fault, latest first-seen order. */
  'fault.batch': (batch: { events: { type: 'opened' | 'updated' | 'cleared'; fault: FaultEventPayload }[] }) => void;
  /** One device's new status; during a burst these are coalesced into `device.status.batch`. */
  'device.status': (change: DeviceStatusPayload) => void;
  'device.status.batch': (batch: { changes: DeviceStatusPayload[] }) => void;
}

export const DASHBOARD_NAMESPACE = '/dashboard';
