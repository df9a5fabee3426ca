import type { AlertText } from '../alerting/alert-message';
import { formatLocalTime } from '../shared/local-time';
import type { FeedbackRules } from './feedback-rules';

/** What a customer tells the contractor (意见反馈): the register keeps every kind from every channel. */
export const FEEDBACK_KINDS = ['complaint', 'grumble', 'suggestion', 'opinion', 'praise', 'maintenance-request'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export const FEEDBACK_CHANNELS = ['phone', 'mail', 'wecom', 'visit', 'survey'] as const;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

/** open → in-progress (someone handles it) → resolved (what was done) → closed; a resolved entry may be reopened. */
export const FEEDBACK_STATES = ['open', 'in-progress', 'resolved', 'closed'] as const;
export type FeedbackState = (typeof FEEDBACK_STATES)[number];

/** Complaint levels: 1 the most serious. */
export const COMPLAINT_LEVELS = [1, 2, 3] as const;
export type ComplaintLevel = (typeof COMPLAINT_LEVELS)[number];

/** The rungs a complaint climbs when its due passes unresolved: told at registration, at the due, one interval later. */
export const COMPLAINT_LADDER = ['engineer', 'supervisor', 'manager'] as const;
export type ComplaintRung = (typeof COMPLAINT_LADDER)[number];

/** The customer saying the complaint was settled: by phone to the desk today, through a one-time link later. */
export interface CustomerConfirmation {
  /** Who confirmed, as they named themselves. */
  name: string;
  at: Date;
  via: 'phone' | 'link';
  /** The desk user who recorded a phone confirmation; null through a link. */
  recordedBy: string | null;
  note: string | null;
}

export interface FeedbackEntry {
  id: string;
  customerId: string;
  /** The contract whose settings (due times, confirmation) apply: the site's, else the customer's first; null: defaults. */
  contractId: string | null;
  siteId: string | null;
  deviceId: string | null;
  faultId: string | null;
  kind: FeedbackKind;
  channel: FeedbackChannel;
  reporterName: string;
  reporterContact: string | null;
  receivedAt: Date;
  text: string;
  handlerId: string | null;
  state: FeedbackState;
  /** Complaints only. */
  level: ComplaintLevel | null;
  dueAt: Date | null;
  /** The highest rung told so far (0 engineer, 1 supervisor, 2 manager); -1 before anyone. */
  escalationStep: number;
  /** Fixed when the complaint is registered, from the contract's settings then. */
  confirmationRequired: boolean;
  resolution: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  confirmation: CustomerConfirmation | null;
  closedAt: Date | null;
  closedBy: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface FeedbackHistoryItem {
  at: Date;
  actor: string;
  type: string;
  detail: Record<string, unknown> | null;
}

/** When a complaint of this level received then falls due: plain hours (a complaint waits for no working calendar). */
export function complaintDueAt(receivedAt: Date, level: ComplaintLevel, rules: Pick<FeedbackRules, 'complaintDueHours'>): Date {
  return new Date(receivedAt.getTime() + rules.complaintDueHours[String(level) as '1' | '2' | '3'] * 3_600_000);
}

/** When each rung is told: the engineer at registration, the supervisor at the due, the manager one interval after. */
export function complaintLadderSteps(receivedAt: Date, dueAt: Date, rules: Pick<FeedbackRules, 'escalationIntervalHours'>): { step: number; rung: ComplaintRung; at: Date }[] {
  return [
    { step: 0, rung: 'engineer', at: receivedAt },
    { step: 1, rung: 'supervisor', at: dueAt },
    { step: 2, rung: 'manager', at: new Date(dueAt.getTime() + rules.escalationIntervalHours * 3_600_000) },
  ];
}

export function isFeedbackSettled(e: Pick<FeedbackEntry, 'state'>): boolean {
  return e.state === 'resolved' || e.state === 'closed';
}

/** A complaint past its due and not resolved. */
export function isFeedbackOverdue(e: Pick<FeedbackEntry, 'dueAt' | 'state'>, now: Date): boolean {
  return e.dueAt !== null && !isFeedbackSettled(e) && e.dueAt.getTime() <= now.getTime();
}

/** Why an action may not be taken: `conflict` for the entry's state (409), `input` for a field the caller must give (400). */
export interface FeedbackRefusal {
  status: 'conflict' | 'input';
  field?: string;
  code: string;
  message: string;
}

export type FeedbackAction = 'update' | 'start' | 'resolve' | 'confirm' | 'reopen' | 'close';

const FROM: Record<FeedbackAction, readonly FeedbackState[]> = {
  update: ['open', 'in-progress', 'resolved'],
  start: ['open'],
  resolve: ['open', 'in-progress'],
  confirm: ['resolved'],
  reopen: ['resolved'],
  close: ['open', 'in-progress', 'resolved'],
};

/** Whether the entry's state allows the action at all. */
export function refuseFeedbackAction(e: Pick<FeedbackEntry, 'state'>, action: FeedbackAction): FeedbackRefusal | null {
  if (FROM[action].includes(e.state)) return null;
  return { status: 'conflict', code: `feedback-${e.state}`, message: `the entry is ${e.state}; ${action} is not possible` };
}

/**
 * Closing: a complaint needs its resolution (given now or when it was resolved), and where the contract asked for it the
 * customer's confirmation first. Other kinds close with or without one (a praise needs no resolution).
 */
export function refuseFeedbackClose(
  e: Pick<FeedbackEntry, 'state' | 'kind' | 'resolution' | 'confirmationRequired' | 'confirmation'>,
  resolution: string | null,
): FeedbackRefusal | null {
  const byState = refuseFeedbackAction(e, 'close');
  if (byState) return byState;
  const text = (resolution ?? e.resolution ?? '').trim();
  if (e.kind === 'complaint' && text === '')
    return { status: 'input', field: 'resolution', code: 'resolution-required', message: 'a complaint is closed with its resolution: say what was done' };
  if (e.kind === 'complaint' && e.confirmationRequired && !e.confirmation)
    return {
      status: 'input',
      field: 'confirmation',
      code: 'confirmation-required',
      message: "the contract asks for the customer's confirmation before a complaint is closed: resolve it, then record the confirmation",
    };
  return null;
}

const KIND_NAMES: Record<FeedbackKind, string> = {
  complaint: '投诉 complaint',
  grumble: '抱怨 grumble',
  suggestion: '建议 suggestion',
  opinion: '意见 opinion',
  praise: '表扬 praise',
  'maintenance-request': '报修 maintenance request',
};
const LEVEL_NAMES = ['', '一级 level 1', '二级 level 2', '三级 level 3'];
const RUNG_NAMES: Record<ComplaintRung, string> = { engineer: '工程师 engineer', supervisor: '主管 supervisor', manager: '经理 manager' };

/** The dashboard's address of an entry. */
export function feedbackLink(publicUrl: string | null, id: string): string | null {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}/#/feedback/${encodeURIComponent(id)}` : null;
}

/** Why a rung is told: registration for the engineer, the passed due for the later rungs. */
export function escalationReason(step: number): string {
  const rung = COMPLAINT_LADDER[step] ?? 'manager';
  return step === 0 ? `new complaint: ${RUNG_NAMES[rung]}` : `complaint overdue: escalated to ${RUNG_NAMES[rung]}`;
}

/** What a person is told about an entry, in zh-CN with the English beside it; times local, the zone named. */
export function feedbackAlertText(e: FeedbackEntry, reason: string, names: { customer: string; site: string | null }, link: string | null, timeZone?: string | null): AlertText {
  const what = `${KIND_NAMES[e.kind]}${e.level ? ` ${LEVEL_NAMES[e.level]}` : ''} · ${names.customer}${names.site ? ` / ${names.site}` : ''}`;
  const lines = [
    what,
    `收到 received ${formatLocalTime(e.receivedAt, timeZone)} · ${e.channel} · ${e.reporterName}${e.reporterContact ? ` (${e.reporterContact})` : ''}`,
    ...(e.dueAt ? [`期限 due ${formatLocalTime(e.dueAt, timeZone)}`] : []),
    `状态 state: ${e.state}`,
    ...(e.deviceId ? [`设备 device: ${e.deviceId}`] : []),
    e.text.length > 300 ? `${e.text.slice(0, 300)}…` : e.text,
    ...(link ? [link] : []),
  ];
  return { title: `[Vigil] ${reason}: ${what}`, lines };
}
