import type { ChecklistItem, EvidenceKind, ItemOutcome } from '@vigil/domain/patrols/checklist';
import type { PatrolState } from '@vigil/domain/patrols/patrol';
import type { PatrolKind } from '@vigil/domain/patrols/patrol-period';
import type { DeviceStatus, DeviceType } from '@vigil/domain/assets/device-type';
import type { FaultKind, FaultState, ReportChannel } from '@vigil/domain/faults/fault';
import type { FaultLevel, SlaStep } from '@vigil/domain/sla/sla-policy';

/** The JSON of GET /api/patrols and /api/patrols/:id (the document does not type these answers). */
export interface LineResult {
  lineKey: string;
  outcome: ItemOutcome;
  value: number | string | null;
  note: string | null;
  photoIds: string[];
  recordedAt: string;
  recordedBy: string;
}

export interface LineEvidence {
  kind: EvidenceKind;
  deviceId: string;
  ok: boolean | null;
  status: DeviceStatus;
  lastSeenAt: string | null;
  detail: string;
}

/** [14] What the stored video evidence says of a line (retention days kept, VQD of the picture), from the device's latest reported site-local day. */
export interface LineVideoEvidence {
  kind: 'retention' | 'image';
  deviceId: string;
  day: string;
  ok: boolean | null;
  value: number | null;
  requiredDays: number | null;
  failedChecks: string[];
  detail: string;
}

export interface PatrolLine {
  lineKey: string;
  item: ChecklistItem;
  deviceId: string | null;
  result: LineResult | null;
  evidence: LineEvidence | null;
  videoEvidence?: LineVideoEvidence | null;
}

export interface PatrolPhoto {
  id: string;
  lineKey: string;
  contentType: string;
  bytes: number;
  uploadedBy: string;
  createdAt: string;
}

export interface PatrolSignoff {
  signerName: string;
  signerTitle: string;
  signature: string;
  stamp: string | null;
  signedAt: string;
}

export interface PatrolSummary {
  id: string;
  siteId: string;
  kind: PatrolKind;
  period: string;
  dueAt: string;
  state: PatrolState;
  assigneeId: string | null;
  startedAt: string | null;
  submittedAt: string | null;
  results: LineResult[];
  signoff: PatrolSignoff | null;
  overdue: boolean;
  missed: boolean;
}

export interface PatrolDetail extends PatrolSummary {
  lines: PatrolLine[];
  photos: PatrolPhoto[];
}

export interface SlaStepView {
  due: string | null;
  status: 'met' | 'breached' | 'pending' | 'paused' | null;
  completedAt: string | null;
}

/** GET /api/faults items, and GET /api/faults/:id with its history. */
export interface FaultItem {
  id: string;
  deviceId: string | null;
  siteId: string;
  kind: FaultKind;
  subject: string | null;
  level: FaultLevel;
  state: FaultState;
  description: string | null;
  reporter: string | null;
  channel: ReportChannel | null;
  plan: string | null;
  assigneeId: string | null;
  openedAt: string;
  arrivedAt: string | null;
  restoredAt: string | null;
  closedAt: string | null;
  resolution: string | null;
  sla: (Record<SlaStep, SlaStepView> & { calendarMissing?: number[] }) | null;
}

export interface FaultHistoryItem {
  at: string;
  type: string;
  actor: string | null;
  role: string | null;
  detail: Record<string, unknown> | null;
}

export interface FaultDetail extends FaultItem {
  history: FaultHistoryItem[];
}

export interface SiteInfo {
  id: string;
  code: string;
  name: string;
  address: string | null;
  timeZone: string;
}

export interface DeviceInfo {
  id: string;
  type: DeviceType;
  name: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}
