import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { DEFAULT_CALLBACK_SETTINGS, missAtFor, SYSTEM_ACTOR, type Callback, type Survey } from '@vigil/domain';
import type { AuditService } from '../audit/audit.service';
import type { CallbackRepository, SurveyRepository } from '../ports';

const H = 3_600_000;

/**
 * Callbacks and a survey on the demo estate: a satisfaction survey taken by phone yesterday whose overall score (7)
 * failed, its follow-up callback done this morning (the customer now scores 9), and a routine return visit due in an hour.
 */
export function demoCallbacks(estate: { customerId: string; contractId: string; sites: { id: string; code: string }[] }, now: Date): { surveys: Survey[]; callbacks: Callback[] } {
  const first = estate.sites.find((s) => s.code === 'QD') ?? estate.sites[0];
  const second = estate.sites.find((s) => s.code !== first.code) ?? first;
  const settings = DEFAULT_CALLBACK_SETTINGS;
  const ago = (hours: number) => new Date(now.getTime() - hours * H);
  const local = DateTime.fromJSDate(now, { zone: 'Asia/Shanghai' });
  const surveyId = randomUUID();
  const scores: Record<string, number> = { 'response-speed': 8, 'repair-quality': 9, 'engineer-conduct': 10, communication: 6, overall: 7 };
  const followUpId = randomUUID();
  const survey: Survey = {
    id: surveyId,
    siteId: first.id,
    customerId: estate.customerId,
    contractId: estate.contractId,
    period: `${local.year}-H${local.month <= 6 ? 1 : 2}`,
    questions: settings.surveyQuestions,
    passMark: settings.passMark,
    state: 'answered',
    channel: 'phone',
    answers: settings.surveyQuestions.map((q) => ({ key: q.key, score: scores[q.key] ?? 8 })),
    comment: '故障处理及时，但回复进度不够主动 (quick to fix, slow to tell us how it was going)',
    respondent: '李经理 (office manager)',
    answeredAt: ago(26),
    recordedBy: SYSTEM_ACTOR.username,
    followUpCallbackId: followUpId,
    sentAt: null,
    createdAt: ago(27),
    updatedAt: ago(26),
  };
  const base = {
    customerId: estate.customerId,
    contractId: estate.contractId,
    faultId: null,
    patrolId: null,
    parentId: null,
    passMark: settings.passMark,
    doneBy: [],
    followUpId: null,
  };
  const followDue = new Date(survey.answeredAt!.getTime() + settings.followUpMinutes * 60_000);
  const done: Callback = {
    ...base,
    id: followUpId,
    rootId: followUpId,
    siteId: first.id,
    reason: 'survey',
    surveyId,
    dueAt: followDue,
    missAt: missAtFor(followDue, settings),
    assigneeId: null,
    state: 'done',
    result: { outcome: 'reached', score: 9, notes: '已约定每周发送进度 (agreed a weekly progress note)', recordedAt: ago(1.5), recordedBy: SYSTEM_ACTOR.username },
    createdAt: ago(26),
    updatedAt: ago(1.5),
  };
  const dueId = randomUUID();
  const visitDue = new Date(now.getTime() + H);
  const due: Callback = {
    ...base,
    id: dueId,
    rootId: dueId,
    siteId: second.id,
    reason: 'visit',
    surveyId: null,
    dueAt: visitDue,
    missAt: missAtFor(visitDue, settings),
    assigneeId: null,
    state: 'due',
    result: null,
    createdAt: ago(1),
    updatedAt: ago(1),
  };
  return { surveys: [survey], callbacks: [done, due] };
}

/** Stores them (inside the loader's transaction), each audited as the platform's own. */
export async function loadDemoCallbacks(
  repos: { surveys: SurveyRepository; callbacks: CallbackRepository },
  audit: AuditService,
  demo: { surveys: Survey[]; callbacks: Callback[] },
): Promise<void> {
  for (const s of demo.surveys) {
    await repos.surveys.insert(s);
    await audit.record(SYSTEM_ACTOR, 'create', 'survey', s.id, null, s);
  }
  for (const c of demo.callbacks) {
    await repos.callbacks.insertFirst(c, c.surveyId ? `survey:${c.surveyId}` : `demo:${c.id}`);
    await audit.record(SYSTEM_ACTOR, 'create', 'callback', c.id, null, c);
  }
}
