import type { FaultEventPayload } from '@vigil/domain/dashboard/socket-events';
import type { FaultKind, FaultState, ReportChannel } from '@vigil/domain/faults/fault';
import type { FaultLevel, SlaStep } from '@vigil/domain/sla/sla-policy';

export type { FaultKind, FaultLevel, FaultState, ReportChannel, SlaStep };

/** One SLA step as the API sends it (instants as ISO text). */
export interface SlaStepJson {
  due: string | null;
  status: 'met' | 'breached' | 'pending' | 'paused' | null;
  warnAt: string | null;
  completedAt: string | null;
}

export type SlaJson = Record<SlaStep, SlaStepJson> & { calendarMissing?: number[]; note?: string | null };

/**
 * A fault in the console's list: what the live feed carries, and what the REST list adds (its description,
 * plan …) when the fault was read from there. A live update keeps the fields it does not carry.
 */
export interface FaultRow extends Omit<FaultEventPayload, 'sla'> {
  sla?: SlaJson | null;
  description?: string | null;
  reporter?: string | null;
  channel?: ReportChannel | null;
  plan?: string | null;
  acknowledgedAt?: string | null;
  pauses?: SlaPauseJson[];
}

export interface SlaPauseJson {
  from: string;
  to: string | null;
  reason: string;
}

export interface HistoryEntryJson {
  faultId: string;
  at: string;
  type: string;
  actor: string | null;
  role: string | null;
  detail: Record<string, unknown> | null;
}

export interface NotificationJson {
  at: string;
  reason: string;
  step: number;
  channel: 'dashboard' | 'email' | 'webhook';
  recipient: string;
  status: 'sent' | 'failed' | 'muted';
  detail: string | null;
}

/** GET /api/faults/:id: the fault with its history, the devices its outage lists, its notifications and its assignee. */
export interface FaultDetail extends FaultRow {
  contractId: string | null;
  region: string;
  subject: string | null;
  source: 'health' | 'report' | 'patrol';
  patrolId: string | null;
  acknowledgedAt: string | null;
  dispatchedAt: string | null;
  arrivedAt: string | null;
  restoredAt: string | null;
  repairedAt: string | null;
  closedAt: string | null;
  clearedAt: string | null;
  resolution: string | null;
  pauses: SlaPauseJson[];
  updatedAt: string;
  history: HistoryEntryJson[];
  affected: string[];
  notifications: NotificationJson[];
  assignee: { id: string; name: string } | null;
}

export interface CrewPerson {
  id: string;
  username: string;
  name: string;
  role: string;
}

export interface FaultOnCall {
  rota: { id: string; name: string; cover: '7x24' | '5x8' } | null;
  primary: CrewPerson | null;
  backup: CrewPerson | null;
  supervisors: CrewPerson[];
}

export type Assignee = CrewPerson & { onCall: 'primary' | 'backup' | null };

/** A site as the dashboard overview gives it: its devices by status and its open faults by level. */
export interface SiteOverview {
  id: string;
  code: string;
  name: string;
  region: string;
  parentId: string | null;
  timeZone: string | null;
  devices: { online: number; degraded: number; offline: number; unknown: number; notMonitored: number; total: number };
  faults: Record<FaultLevel, number>;
}

export interface Overview {
  summary: Record<FaultLevel, number>;
  sites: SiteOverview[];
}
