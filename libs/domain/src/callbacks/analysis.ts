import { callbackFailed, callbackPassed, callbackTiming, type Callback } from './callback';
import type { Survey } from './survey';

/** What the callback figures read of each callback. */
export type CallbackFacts = Pick<Callback, 'id' | 'siteId' | 'rootId' | 'parentId' | 'dueAt' | 'missAt' | 'passMark' | 'state' | 'result'>;

/** Instants [from, to). */
export interface Period {
  from: Date;
  to: Date;
}

export interface CallbackResults {
  /** Callbacks due in the period. */
  total: number;
  doneOnTime: number;
  doneLate: number;
  missed: number;
  /** Due, not yet missed. */
  open: number;
  reached: number;
  /** reached / done; null when none was done. */
  reachedRate: number | null;
  /** Mean of the scores given; null when none was. */
  meanScore: number | null;
  /** Calls that reached the customer and scored under the pass mark. */
  fails: number;
  /** Of the fails, those whose chain went on to a call that passed. */
  failsClosed: number;
}

const round = (v: number) => Math.round(v * 1000) / 1000;
const inPeriod = (at: Date, p: Period) => at.getTime() >= p.from.getTime() && at.getTime() < p.to.getTime();

/**
 * The callbacks due in the period, as the half-yearly analysis counts them, at `now`. `all` may hold calls
 * outside the period too: a fail's follow-ups are looked for among them, whenever they were due.
 */
export function callbackResults(all: readonly CallbackFacts[], period: Period, now: Date): CallbackResults {
  const due = all.filter((c) => inPeriod(c.dueAt, period));
  const statuses = due.map((c) => callbackTiming(c, now).status);
  const done = due.filter((c) => c.state === 'done' && c.result);
  const reached = done.filter((c) => c.result!.outcome === 'reached');
  const scores = done.map((c) => c.result!.score).filter((s): s is number => s !== null);
  const childrenOf = new Map<string, CallbackFacts[]>();
  for (const c of all) if (c.parentId) childrenOf.set(c.parentId, [...(childrenOf.get(c.parentId) ?? []), c]);
  const passesLater = (c: CallbackFacts): boolean => (childrenOf.get(c.id) ?? []).some((child) => callbackPassed(child) || passesLater(child));
  const fails = due.filter((c) => callbackFailed(c));
  return {
    total: due.length,
    doneOnTime: statuses.filter((s) => s === 'done-on-time').length,
    doneLate: statuses.filter((s) => s === 'done-late').length,
    missed: statuses.filter((s) => s === 'missed').length,
    open: statuses.filter((s) => s === 'due' || s === 'pending').length,
    reached: reached.length,
    reachedRate: done.length === 0 ? null : round(reached.length / done.length),
    meanScore: scores.length === 0 ? null : round(scores.reduce((a, b) => a + b, 0) / scores.length),
    fails: fails.length,
    failsClosed: fails.filter(passesLater).length,
  };
}

/** What the satisfaction figures read of each survey. */
export type SurveyFacts = Pick<Survey, 'siteId' | 'state' | 'answers' | 'answeredAt' | 'passMark'>;

export interface SatisfactionFigure {
  /** Mean score 0–10; null without answers. */
  mean: number | null;
  count: number;
  /** Share of answers at or above the pass mark, 0–1; null without answers. */
  passShare: number | null;
}

function figure(scores: { score: number; passMark: number }[]): SatisfactionFigure {
  if (scores.length === 0) return { mean: null, count: 0, passShare: null };
  return {
    mean: round(scores.reduce((a, s) => a + s.score, 0) / scores.length),
    count: scores.length,
    passShare: round(scores.filter((s) => s.score >= s.passMark).length / scores.length),
  };
}

const answeredIn = (surveys: readonly SurveyFacts[], period: Period) => surveys.filter((s) => s.state === 'answered' && s.answeredAt && inPeriod(s.answeredAt, period));

/** Satisfaction per question over the surveys answered in the period; questions in the order first met. */
export function satisfactionByQuestion(surveys: readonly SurveyFacts[], period: Period): ({ key: string } & SatisfactionFigure)[] {
  const by = new Map<string, { score: number; passMark: number }[]>();
  for (const s of answeredIn(surveys, period)) for (const a of s.answers) by.set(a.key, [...(by.get(a.key) ?? []), { score: a.score, passMark: s.passMark }]);
  return [...by].map(([key, scores]) => ({ key, ...figure(scores) }));
}

/** Satisfaction per site (every answer of its surveys) over the surveys answered in the period; with the site's per-question figures. */
export function satisfactionBySite(
  surveys: readonly SurveyFacts[],
  period: Period,
): ({ siteId: string; byQuestion: ({ key: string } & SatisfactionFigure)[] } & SatisfactionFigure)[] {
  const by = new Map<string, SurveyFacts[]>();
  for (const s of answeredIn(surveys, period)) by.set(s.siteId, [...(by.get(s.siteId) ?? []), s]);
  return [...by].map(([siteId, theirs]) => ({
    siteId,
    ...figure(theirs.flatMap((s) => s.answers.map((a) => ({ score: a.score, passMark: s.passMark })))),
    byQuestion: satisfactionByQuestion(theirs, period),
  }));
}
