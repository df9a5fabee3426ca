import type { AlertText } from '../alerting/alert-message';
import type { FaultLevel } from '../sla/sla-policy';
import { formatLocalTime } from '../shared/local-time';
import type { CallbackSettings } from './settings';

/**
 * Why a callback (回访) exists: a fault closed without a visit (`phone-fix`), a visit (a fault closed with
 * an arrival, or a signed patrol), a survey whose overall answer failed, or an earlier call that did not pass.
 */
export const CALLBACK_REASONS = ['phone-fix', 'visit', 'patrol', 'survey', 'follow-up', 'retry'] as const;
export type CallbackReason = (typeof CALLBACK_REASONS)[number];

export const CALLBACK_OUTCOMES = ['reached', 'not-reached', 'refused'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

/** `due` until someone records the call, then `done`; whether it is late or missed is read off the clock (callbackTiming). */
export const CALLBACK_STATES = ['due', 'done'] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];

export interface CallbackResult {
  outcome: CallbackOutcome;
  /** 0–10, asked only when the customer was reached. */
  score: number | null;
  notes: string | null;
  recordedAt: Date;
  recordedBy: string;
}

export interface Callback {
  id: string;
  siteId: string;
  customerId: string | null;
  contractId: string | null;
  reason: CallbackReason;
  faultId: string | null;
  patrolId: string | null;
  surveyId: string | null;
  /** The call this one follows up; null for the first of a chain. */
  parentId: string | null;
  /** The first call of the chain (itself for the first). */
  rootId: string;
  dueAt: Date;
  /** Past this without a result the callback is missed. */
  missAt: Date;
  /** The pass mark in force when it was scheduled. */
  passMark: number;
  assigneeId: string | null;
  /** The people who did the job: none of them may make the call (the fraud check of this trade). */
  doneBy: string[];
  state: CallbackState;
  result: CallbackResult | null;
  followUpId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type CallbackTimingStatus = 'pending' | 'due' | 'missed' | 'done-on-time' | 'done-late';

/** Where a callback stands at `now`: not yet due, due, missed (not done by due + grace), or done on time / late. */
export function callbackTiming(cb: Pick<Callback, 'dueAt' | 'missAt' | 'state' | 'result'>, now: Date): { status: CallbackTimingStatus; missed: boolean } {
  if (cb.state === 'done' && cb.result) {
    const late = cb.result.recordedAt.getTime() > cb.missAt.getTime();
    return { status: late ? 'done-late' : 'done-on-time', missed: false };
  }
  if (now.getTime() >= cb.missAt.getTime()) return { status: 'missed', missed: true };
  return { status: now.getTime() >= cb.dueAt.getTime() ? 'due' : 'pending', missed: false };
}

/** A result that satisfies the customer: reached and scored at or above the pass mark. */
export function callbackPassed(cb: Pick<Callback, 'passMark' | 'result'>): boolean {
  return cb.result?.outcome === 'reached' && cb.result.score !== null && cb.result.score >= cb.passMark;
}

/** A customer reached and scoring under the pass mark: a fail, which is followed up. */
export function callbackFailed(cb: Pick<Callback, 'passMark' | 'result'>): boolean {
  return cb.result?.outcome === 'reached' && cb.result.score !== null && cb.result.score < cb.passMark;
}

/**
 * What a recorded result asks next: a follow-up after a fail, another try after not reaching the customer,
 * nothing after a pass or a refusal (the customer declined; the result stands as recorded).
 */
export function nextCallAfter(
  cb: Pick<Callback, 'passMark' | 'result'>,
  settings: Pick<CallbackSettings, 'followUpMinutes' | 'retryMinutes'>,
): { reason: 'follow-up' | 'retry'; dueAt: Date } | null {
  if (!cb.result) return null;
  const at = (m: number) => new Date(cb.result!.recordedAt.getTime() + m * 60_000);
  if (callbackFailed(cb)) return { reason: 'follow-up', dueAt: at(settings.followUpMinutes) };
  if (cb.result.outcome === 'not-reached') return { reason: 'retry', dueAt: at(settings.retryMinutes) };
  return null;
}

/**
 * When the customer is called after a fault: `delayMinutes` after its restore, and never before it closed
 * (a restore closed later is called once the close is known, as only the close tells whether anyone went).
 */
export function faultCallbackDue(fault: { restoredAt: Date | null; closedAt: Date }, settings: Pick<CallbackSettings, 'delayMinutes'>): Date {
  const restored = (fault.restoredAt ?? fault.closedAt).getTime() + settings.delayMinutes * 60_000;
  return new Date(Math.max(restored, fault.closedAt.getTime()));
}

/** A fault closed without anyone arriving was fixed by phone; with an arrival it was a visit. */
export function faultCallbackReason(fault: { arrivedAt: Date | null }): 'phone-fix' | 'visit' {
  return fault.arrivedAt ? 'visit' : 'phone-fix';
}

export function missAtFor(dueAt: Date, settings: Pick<CallbackSettings, 'graceMinutes'>): Date {
  return new Date(dueAt.getTime() + settings.graceMinutes * 60_000);
}

/** Whether a user may make this call: not one of the people who did the job. */
export function mayMakeCallback(cb: Pick<Callback, 'doneBy'>, userId: string | null): boolean {
  return userId !== null && !cb.doneBy.includes(userId);
}

/** A score is a whole number 0–10. */
export function isScore(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10;
}

/**
 * The level a missed callback is paged at through the alert budget, whatever its job: a call to a customer is never an
 * emergency, so it waits out the contract's quiet hours like a level-3 fault.
 */
export const MISSED_CALLBACK_LEVEL: FaultLevel = 3;

const REASON_NAMES: Record<CallbackReason, string> = {
  'phone-fix': '电话修复 phone fix',
  visit: '上门 visit',
  patrol: '巡检 patrol',
  survey: '满意度调查 survey',
  'follow-up': '跟进 follow-up',
  retry: '重拨 retry',
};

/** The dashboard's address of a callback. */
export function callbackLink(publicUrl: string | null, id: string): string | null {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}/#/callbacks/${encodeURIComponent(id)}` : null;
}

/** Why a person is paged about a missed callback: the assignee at the miss (step 0), the supervisors a grace later. */
export function missedCallbackReason(step: number, dueAt: Date, timeZone?: string | null): string {
  return `${step === 0 ? 'callback missed' : 'callback still not made'} (回访逾期, due ${formatLocalTime(dueAt, timeZone)})`;
}

/** What a person is told about a callback, in zh-CN with the English beside it; times local, the zone named. */
export function callbackAlertText(cb: Callback, reason: string, names: { site: string; assignee: string | null }, link: string | null, timeZone?: string | null): AlertText {
  const what = `回访 callback · ${REASON_NAMES[cb.reason]} · ${names.site}`;
  const lines = [
    what,
    `应回访 due ${formatLocalTime(cb.dueAt, timeZone)} · 逾期 missed after ${formatLocalTime(cb.missAt, timeZone)}`,
    `负责人 assignee: ${names.assignee ?? '未分配 nobody'}`,
    `状态 state: ${cb.state}`,
    ...(link ? [link] : []),
  ];
  return { title: `[Vigil] ${reason}: ${what}`, lines };
}
