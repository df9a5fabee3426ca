import { z } from 'zod';
import { contractTerms } from '../contracts/contract-terms';
import type { Text2 } from '../patrols/checklist';

/** One question of a satisfaction survey (顾客满意度调查表), answered 0–10. */
export interface SurveyQuestion {
  key: string;
  label: Text2;
}

/** The key every survey asks: an answer under the pass mark on it opens a follow-up callback. */
export const OVERALL_QUESTION = 'overall';

export const DEFAULT_SURVEY_QUESTIONS: readonly SurveyQuestion[] = [
  { key: 'response-speed', label: { zh: '响应速度', en: 'Response speed' } },
  { key: 'repair-quality', label: { zh: '维修质量', en: 'Repair quality' } },
  { key: 'engineer-conduct', label: { zh: '工程师服务态度', en: 'Engineer conduct' } },
  { key: 'communication', label: { zh: '沟通与反馈', en: 'Communication' } },
  { key: OVERALL_QUESTION, label: { zh: '总体满意度', en: 'Overall satisfaction' } },
];

/** Roles a callback may be given to by default: desk users, never the field engineer. */
export const CALLBACK_ASSIGNEE_ROLES = ['operator', 'supervisor'] as const;
export type CallbackAssigneeRole = (typeof CALLBACK_ASSIGNEE_ROLES)[number];

/** A contract's service-desk terms for callbacks (回访) and surveys; anything left out takes the default. */
export interface CallbackSettings {
  /** Minutes after the restore (phone fix) or the visit's end that the customer is called. */
  delayMinutes: number;
  /** Minutes after the due time before an unmade callback counts as missed. */
  graceMinutes: number;
  /** A score (0–10) under this fails and opens a follow-up. */
  passMark: number;
  /** Minutes after a failed call that its follow-up is due. */
  followUpMinutes: number;
  /** Minutes after a call that did not reach the customer that the next try is due. */
  retryMinutes: number;
  /** Who gets a callback when no operator of the site's rota may take it. */
  assigneeRole: CallbackAssigneeRole;
  surveyQuestions: SurveyQuestion[];
}

export const DEFAULT_CALLBACK_SETTINGS: CallbackSettings = {
  delayMinutes: 120,
  graceMinutes: 60,
  passMark: 8,
  followUpMinutes: 1440,
  retryMinutes: 120,
  assigneeRole: 'operator',
  surveyQuestions: DEFAULT_SURVEY_QUESTIONS.map((q) => ({ ...q, label: { ...q.label } })),
};

const minutes = (max: number) =>
  z
    .number({ error: `must be a whole number of minutes, 0–${max}` })
    .int({ error: `must be a whole number of minutes, 0–${max}` })
    .min(0)
    .max(max);
const label = z
  .string({ error: 'must be text of 1–200 characters' })
  .max(200, { error: 'must be text of 1–200 characters' })
  .refine((v) => v.trim().length > 0, { error: 'must be text of 1–200 characters' });

const schema = z
  .object(
    {
      delayMinutes: minutes(7 * 1440).optional(),
      graceMinutes: minutes(7 * 1440).optional(),
      passMark: z
        .number({ error: 'must be a whole number 1–10' })
        .int({ error: 'must be a whole number 1–10' })
        .min(1, { error: 'must be a whole number 1–10' })
        .max(10, { error: 'must be a whole number 1–10' })
        .optional(),
      followUpMinutes: minutes(30 * 1440).optional(),
      retryMinutes: minutes(7 * 1440).optional(),
      assigneeRole: z.enum(CALLBACK_ASSIGNEE_ROLES, { error: `must be one of ${CALLBACK_ASSIGNEE_ROLES.join(', ')}` }).optional(),
      surveyQuestions: z
        .array(
          z.object(
            {
              key: z.string({ error: 'must be 1–64 of a-z 0-9 -' }).regex(/^[a-z0-9-]{1,64}$/, { error: 'must be 1–64 of a-z 0-9 -' }),
              label: z.object({ zh: label, en: label }, { error: 'must be {"zh","en"}' }),
            },
            { error: 'must be {"key","label"}' },
          ),
          { error: 'must be a list of questions' },
        )
        .min(1, { error: 'must ask at least one question' })
        .max(30, { error: 'must ask at most 30 questions' })
        .superRefine((qs, ctx) => {
          const seen = new Set<string>();
          qs.forEach((q, i) => {
            if (seen.has(q.key)) ctx.addIssue({ code: 'custom', message: `repeats the key ${q.key}`, path: [i, 'key'], input: q.key });
            seen.add(q.key);
          });
          if (!seen.has(OVERALL_QUESTION)) ctx.addIssue({ code: 'custom', message: `must include the "${OVERALL_QUESTION}" question`, input: qs });
        })
        .optional(),
    },
    { error: 'must be an object' },
  )
  .strict();

export const CALLBACK_TERMS = contractTerms<CallbackSettings>('callback-settings', schema, DEFAULT_CALLBACK_SETTINGS);

/** Checks a contract's callback settings as given (every key optional); the problems name their field under `settings`. */
export const validateCallbackSettings = (raw: unknown) => CALLBACK_TERMS.validate(raw);

/** The settings in force: the contract's own over the defaults. */
export const resolveCallbackSettings = (own: Partial<CallbackSettings> | null | undefined) => CALLBACK_TERMS.resolve(own);
