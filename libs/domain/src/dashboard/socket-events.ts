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
}

export interface DeviceStatusPayload {
  deviceId: string;
  siteId: string;
  status: DeviceStatus;
  at: string;
}

/** Every event the /dashboard namespace emits, with its payload: shared by the gateway and the page. */
export interface DashboardServerEvents {
  /** Open faults counted by level; on connect and, coalesced, after changes. */
  summary: (counts: Record<FaultLevel, number>) => void;
  'fault.opened': (fault: FaultEventPayload) => void;
  'fault.updated': (fault: FaultEventPayload) => void;
  'fault.cleared': (fault: FaultEventPayload) => void;
  /** One device's new status; during a burst these are coalesced into `device.status.batch`. */
  'device.status': (change: DeviceStatusPayload) => void;
  'device.status.batch': (batch: { changes: DeviceStatusPayload[] }) => void;
}

export const DASHBOARD_NAMESPACE = '/dashboard';
