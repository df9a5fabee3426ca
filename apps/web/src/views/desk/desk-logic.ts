import type { Role } from '@vigil/domain/identity/role';
import type { ServiceRecordState } from '@vigil/domain/service-desk/service-record';
import type { FeedbackKind, FeedbackState } from '@vigil/domain/feedback/feedback';
import { ApiError } from '@web/api/http';
import { localTime } from '@web/composables/local-time';

/** What a one-time link page shows when the link cannot be used (the server's 404/410 codes). */
export type LinkProblem = 'unknown' | 'expired' | 'used' | 'revoked' | 'wrong-purpose';

/** The problem an error of `GET/POST /api/links/{token}` names; null for anything else (network, 400, 500 …). */
export function linkProblem(err: unknown): LinkProblem | null {
  if (!(err instanceof ApiError)) return null;
  if (err.status === 404) return err.code === 'link-action-unknown' ? 'wrong-purpose' : 'unknown';
  if (err.status !== 410) return null;
  if (err.code === 'link-used') return 'used';
  if (err.code === 'link-revoked') return 'revoked';
  return 'expired';
}

export type RecordAction = 'edit' | 'sign' | 'send-link' | 'correct' | 'pdf' | 'photo';

/** What a person of a role may do with a service record in its state (the server's permissions and state rules). */
export function recordActions(state: ServiceRecordState, role: Role | null): RecordAction[] {
  const write = role === 'supervisor' || role === 'operator' || role === 'engineer';
  const sign = role === 'supervisor' || role === 'engineer';
  const actions: RecordAction[] = [];
  if (state !== 'signed') {
    if (write) actions.push('edit', 'photo', 'send-link');
    if (sign) actions.push('sign');
  } else if (write) actions.push('correct');
  actions.push('pdf');
  return actions;
}

export type FeedbackAction = 'assign' | 'resolve' | 'confirm' | 'send-confirmation' | 'close' | 'reopen';

/** The steps of a feedback entry in its state, for a role (closing is for the desk; engineers work and resolve). */
export function feedbackActions(entry: { state: FeedbackState; kind: FeedbackKind; confirmationRequired: boolean; confirmation: unknown }, role: Role | null): FeedbackAction[] {
  const write = role === 'admin' || role === 'supervisor' || role === 'operator' || role === 'engineer';
  const close = role === 'admin' || role === 'supervisor' || role === 'operator';
  if (!write) return [];
  const out: FeedbackAction[] = [];
  if (entry.state === 'open' || entry.state === 'in-progress') out.push('assign', 'resolve');
  if (entry.state === 'resolved' && entry.kind === 'complaint' && !entry.confirmation) out.push('confirm', 'send-confirmation');
  if (close && entry.state !== 'closed') out.push('close');
  if (entry.state === 'resolved' || entry.state === 'closed') out.push('reopen');
  return out;
}

/** A due as a countdown: "2:05:00" left, or how late ("-0:30:00") once past; settled entries have none. */
export function countdown(dueAt: string | null | undefined, now: number): { text: string; late: boolean } | null {
  if (!dueAt) return null;
  const ms = new Date(dueAt).getTime() - now;
  if (Number.isNaN(ms)) return null;
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const clock = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  const text = `${ms < 0 ? '-' : ''}${d > 0 ? `${d}d ` : ''}${clock}`;
  return { text, late: ms <= 0 };
}

/** A score 0–10 against the pass mark: the tag type the lists colour it with. */
export function scoreType(score: number | null | undefined, passMark = 8): 'success' | 'danger' | 'info' {
  if (score === null || score === undefined) return 'info';
  return score >= passMark ? 'success' : 'danger';
}

/** The mean of a survey's answers, one decimal; null when none. */
export function meanScore(answers: readonly { score: number }[]): number | null {
  if (answers.length === 0) return null;
  return Math.round((answers.reduce((sum, a) => sum + a.score, 0) / answers.length) * 10) / 10;
}

/** A callback chain, first call first: each follow-up after the call it follows. */
export function orderChain<T extends { id: string; parentId: string | null }>(chain: readonly T[]): T[] {
  const byParent = new Map<string | null, T>();
  for (const c of chain) byParent.set(c.parentId, c);
  const ids = new Set(chain.map((c) => c.id));
  const first = chain.find((c) => !c.parentId || !ids.has(c.parentId));
  const out: T[] = [];
  for (let at = first; at && out.length < chain.length; at = byParent.get(at.id)) out.push(at);
  return out.length === chain.length ? out : [...chain];
}

/** A datetime-local input's value ("2026-12-02T14:05") in the browser's zone, as ISO UTC; '' for none. */
export function inputToIso(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/;

/** How a history step's field names and coded values read in the page's language; unknown ones stay as they are. */
export interface DetailWords {
  key(key: string): string;
  value(key: string, value: string): string;
}
const plainWords: DetailWords = { key: (k) => k, value: (_k, v) => v };

/** A history step's details for people: instants in the zone named, codes in words, ids and empty values left out. */
export function historyDetail(detail: Record<string, unknown> | null, zone?: string | null, words: DetailWords = plainWords): string {
  if (!detail) return '';
  return Object.entries(detail)
    .filter(([k, v]) => v !== null && v !== undefined && v !== '' && !/Ids?$/.test(k))
    .map(([k, v]) => {
      const shown = typeof v === 'string' && ISO.test(v) ? localTime(v, zone) : typeof v === 'object' ? JSON.stringify(v) : words.value(k, String(v));
      return `${words.key(k)}: ${shown}`;
    })
    .join(', ');
}
