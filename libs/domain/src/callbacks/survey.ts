import { DateTime } from 'luxon';
import { OVERALL_QUESTION, type SurveyQuestion } from './settings';

export const SURVEY_CHANNELS = ['phone', 'link'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

/** `open` until answered (`sent` while a one-time link is out), then `answered` and frozen. */
export const SURVEY_STATES = ['open', 'sent', 'answered'] as const;
export type SurveyState = (typeof SURVEY_STATES)[number];

export interface SurveyAnswer {
  key: string;
  score: number;
}

/** A satisfaction survey (顾客满意度调查表) of one site for one contract period. */
export interface Survey {
  id: string;
  siteId: string;
  customerId: string | null;
  contractId: string | null;
  /** The period asked about: a half year `2026-H2`, a quarter `2026-Q4` or a month `2026-12`. */
  period: string;
  /** The contract's questions when the survey was made: later changes leave it as it was asked. */
  questions: SurveyQuestion[];
  passMark: number;
  state: SurveyState;
  channel: SurveyChannel | null;
  answers: SurveyAnswer[];
  comment: string | null;
  /** Who answered for the customer (name, title). */
  respondent: string | null;
  answeredAt: Date | null;
  /** The desk user who recorded a phone answer; null for one given through the link. */
  recordedBy: string | null;
  followUpCallbackId: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const PERIOD = /^(\d{4})-(H[12]|Q[1-4]|(0[1-9]|1[0-2]))$/;

/** The instants a period covers in the contract's zone, [from, to); null for text that names no period. */
export function surveyPeriodRange(period: string, timeZone: string): { from: Date; to: Date } | null {
  const m = PERIOD.exec(period);
  if (!m) return null;
  const year = Number(m[1]);
  const part = m[2];
  const [month, months] = part === 'H1' ? [1, 6] : part === 'H2' ? [7, 6] : part.startsWith('Q') ? [(Number(part[1]) - 1) * 3 + 1, 3] : [Number(part), 1];
  const from = DateTime.fromObject({ year, month, day: 1 }, { zone: timeZone });
  if (!from.isValid) return null;
  return { from: from.toJSDate(), to: from.plus({ months }).toJSDate() };
}

/** The problems of a set of answers: every question answered once, 0–10 whole, nothing else. Field names as the API takes them. */
export function answerProblems(questions: readonly SurveyQuestion[], answers: readonly SurveyAnswer[]): { field: string; message: string }[] {
  const keys = new Set(questions.map((q) => q.key));
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    if (!keys.has(a.key)) problems.push({ field: `answers[${i}].key`, message: `is not a question of this survey (${[...keys].join(', ')})` });
    else if (seen.has(a.key)) problems.push({ field: `answers[${i}].key`, message: `answers ${a.key} twice` });
    if (!Number.isInteger(a.score) || a.score < 0 || a.score > 10) problems.push({ field: `answers[${i}].score`, message: 'must be a whole number 0–10' });
    seen.add(a.key);
  });
  for (const q of questions) if (!seen.has(q.key)) problems.push({ field: 'answers', message: `leaves the question ${q.key} unanswered` });
  return problems;
}

/** An answered survey whose overall score is under its pass mark: followed up by a callback. */
export function surveyFailed(s: Pick<Survey, 'state' | 'answers' | 'passMark'>): boolean {
  const overall = s.answers.find((a) => a.key === OVERALL_QUESTION);
  return s.state === 'answered' && overall !== undefined && overall.score < s.passMark;
}
