import type { CallbackOutcome, CallbackReason, CallbackTimingStatus } from '@vigil/domain/callbacks/callback';
import type { SurveyState } from '@vigil/domain/callbacks/survey';
import type { FeedbackChannel, FeedbackKind, FeedbackState } from '@vigil/domain/feedback/feedback';
import type { LinkChannel, LinkStatus } from '@vigil/domain/service-desk/customer-link';
import type { CorrectableField, IntegrityFlag, ServiceRecordKind, ServiceRecordState, SigningChannel } from '@vigil/domain/service-desk/service-record';

/** The service desk's answers as the web app reads them (the API's JSON: instants as ISO strings). */

export interface ServiceRecordRow {
  id: string;
  kind: ServiceRecordKind;
  jobId: string | null;
  siteId: string;
  customerId: string | null;
  contractId: string | null;
  workDone: string;
  partsUsed: string;
  engineerId: string | null;
  engineerName: string | null;
  onSiteAt: string | null;
  offSiteAt: string | null;
  state: ServiceRecordState;
  signoff: { signerName: string; signerTitle: string; signature: string; stamp: string | null; signedAt: string; channel: SigningChannel; linkChannel: LinkChannel | null } | null;
  integrity: { channel: SigningChannel | null; linkChannel: LinkChannel | null; flags: IntegrityFlag[] };
  createdAt: string;
}

export interface ServiceRecordDetail extends ServiceRecordRow {
  photos: { id: string; contentType: string; bytes: number; createdAt: string }[];
  corrections: { field: CorrectableField; value: string; note: string; by: string; at: string }[];
  links: { id: string; channel: LinkChannel; recipient: string; status: LinkStatus; expiresAt: string; usedAt: string | null }[];
}

export interface FeedbackRow {
  id: string;
  customerId: string;
  siteId: string | null;
  deviceId: string | null;
  faultId: string | null;
  kind: FeedbackKind;
  channel: FeedbackChannel;
  reporterName: string;
  reporterContact: string | null;
  receivedAt: string;
  text: string;
  handlerId: string | null;
  state: FeedbackState;
  level: 1 | 2 | 3 | null;
  dueAt: string | null;
  escalationStep: number;
  confirmationRequired: boolean;
  resolution: string | null;
  confirmation: { name: string; at: string; note?: string | null } | null;
  overdue: boolean;
}

export interface FeedbackDetail extends FeedbackRow {
  history: { at: string; actor: string; type: string; detail: Record<string, unknown> | null }[];
}

export interface CallbackRow {
  id: string;
  siteId: string;
  reason: CallbackReason;
  faultId: string | null;
  parentId: string | null;
  rootId: string;
  dueAt: string;
  missAt: string;
  passMark: number;
  assigneeId: string | null;
  state: 'due' | 'done';
  result: { outcome: CallbackOutcome; score: number | null; notes: string | null; recordedAt: string; recordedBy: string } | null;
  followUpId: string | null;
  status: CallbackTimingStatus;
  missed: boolean;
}

export interface SurveyRow {
  id: string;
  siteId: string;
  contractId: string | null;
  period: string;
  questions: { key: string; label: { zh: string; en: string } }[];
  passMark: number;
  state: SurveyState;
  channel: 'phone' | 'link' | null;
  answers: { key: string; score: number }[];
  comment: string | null;
  respondent: string | null;
  answeredAt: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}
