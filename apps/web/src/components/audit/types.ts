import type { FaultKind, FaultState, ReportChannel } from '@vigil/domain/faults/fault';
import type { PatrolKind } from '@vigil/domain/patrols/patrol-period';
import type { components } from '@web/api/schema';

/** The trail's answers are typed by the OpenAPI document; the others (no response DTO on the server) are cast to these. */
export type AuditEntry = components['schemas']['AuditEntryDto'];
export type AuditPage = components['schemas']['AuditPageDto'];
export type AuditCheckpoint = components['schemas']['AuditCheckpointDto'];
export type ChainVerdictBody = components['schemas']['ChainVerdictDto'];

export type SlaStep = 'respond' | 'arrive' | 'restore' | 'repair';
export interface SlaStepOutcome {
  due: string | null;
  status: 'met' | 'breached' | 'pending' | 'paused' | null;
  warnAt: string | null;
  completedAt: string | null;
}
export type FaultSla = Record<SlaStep, SlaStepOutcome> & { calendarMissing: number[]; note: string | null };

export interface FaultView {
  id: string;
  deviceId: string | null;
  siteId: string;
  kind: FaultKind;
  subject: string | null;
  level: 1 | 2 | 3 | 4;
  state: FaultState;
  source: 'health' | 'report' | 'patrol';
  parentFaultId: string | null;
  affectedCount: number;
  description: string | null;
  reporter: string | null;
  channel: ReportChannel | null;
  plan: string | null;
  assigneeId: string | null;
  patrolId: string | null;
  openedAt: string;
  acknowledgedAt: string | null;
  dispatchedAt: string | null;
  arrivedAt: string | null;
  restoredAt: string | null;
  repairedAt: string | null;
  closedAt: string | null;
  clearedAt: string | null;
  resolution: string | null;
  pauses: { from: string; to: string | null; reason: string }[];
  sla: FaultSla | null;
}

export interface FaultHistoryLine {
  at: string;
  type: string;
  actor: string | null;
  role: string | null;
  detail: Record<string, unknown> | null;
}

export interface NotificationLine {
  at: string;
  reason: string;
  step: number;
  channel: 'dashboard' | 'email' | 'webhook';
  recipient: string;
  status: 'sent' | 'failed' | 'muted';
  detail: string | null;
}

export interface FaultDetail extends FaultView {
  history: FaultHistoryLine[];
  affected: string[];
  notifications: NotificationLine[];
  assignee: { id: string; name: string } | null;
}

export interface PatrolSummary {
  id: string;
  siteId: string;
  kind: PatrolKind;
  period: string;
  dueAt: string;
  state: 'due' | 'in-progress' | 'submitted' | 'signed';
  assigneeId: string | null;
  submittedAt: string | null;
  signoff: { signerName: string; signerTitle: string; signedAt: string } | null;
  overdue: boolean;
  missed: boolean;
}

export interface ContractRef {
  id: string;
  name: string;
  customerId: string;
  timeZone: string;
}

export interface OnlineRow {
  key: string;
  onlineRate: number | null;
  observedHours: number;
  siteName?: string;
}

export interface ServiceReport {
  contract: { id: string; name: string; timeZone: string };
  period: string;
  from: string;
  to: string;
  online: { bySite: OnlineRow[]; byDeviceType: OnlineRow[] };
  faults: {
    total: number;
    byLevel: Record<'1' | '2' | '3' | '4', number>;
    handled: number;
    mttaMinutes: number | null;
    mttrMinutes: number | null;
    selfCleared: { count: number; medianMinutes: number | null };
  };
  sla: Record<SlaStep, { met: number; breached: number; compliance: number | null }>;
  patrols: { total: number; settled: number; onTime: number; late: number; overdue: number; notYetDue: number; signed: number; onTimeRate: number | null };
  repeatFaults: { deviceId: string; deviceName?: string | null; kind: string; count: number }[];
  failingModels: { model: string; faults: number }[];
  /** Spare parts (absent from a server without them). */
  parts?: {
    consumed: { partModelId: string; sku: string; name: string; quantity: number; costCents: number }[];
    consumedCostCents: number;
    stockValueCents: number;
    breachedWaitingForPart: { faultId: string; siteName: string; level: number; repairDue: string | null; partName: string }[];
  };
  /** Absent from a server before loaners. */
  loanerDays?: { siteId: string; siteName: string; loanerDays: number; loans: number }[];
  rmaTurnaround?: { vendor: string; model: string | null; count: number; meanDays: number; maxDays: number }[];
  /** [14] Recorded, kept, usable per site over its own local month; null: not known. Absent from a server before it. */
  video?: {
    bySite: {
      siteId: string;
      siteName: string;
      timeZone: string;
      completeness: number | null;
      retentionCompliance: number | null;
      intactRate: number | null;
      onlineRate: number | null;
      unknownChannelDays: number;
    }[];
  };
}
