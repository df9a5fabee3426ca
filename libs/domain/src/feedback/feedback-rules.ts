import { z } from 'zod';
import { fieldErrors, type FieldError } from '../shared/field-errors';

/**
 * A contract's settings for its feedback register: the hours a complaint of each level has before it falls due, the
 * hours between the next rungs of its escalation, and whether a complaint closes only after the customer confirmed.
 */
export interface FeedbackRules {
  complaintDueHours: { '1': number; '2': number; '3': number };
  escalationIntervalHours: number;
  complaintConfirmation: boolean;
}

/** Without settings on the contract: 4 h, 24 h and 72 h; the manager 4 h after the supervisor; no confirmation needed. */
export const DEFAULT_FEEDBACK_RULES: FeedbackRules = {
  complaintDueHours: { '1': 4, '2': 24, '3': 72 },
  escalationIntervalHours: 4,
  complaintConfirmation: false,
};

const hours = z.number({ error: 'must be a number of hours' }).gt(0, { error: 'must be more than 0 hours' }).max(720, { error: 'must be at most 720 hours (30 days)' });

const schema = z
  .object({
    complaintDueHours: z.object({ '1': hours.optional(), '2': hours.optional(), '3': hours.optional() }).strict().optional(),
    escalationIntervalHours: hours.optional(),
    complaintConfirmation: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .strict();

/** The problems of a settings object, each naming its field under `feedbackRules`; none for a valid (partial) one. */
export function validateFeedbackRules(raw: unknown): FieldError[] {
  const parsed = schema.safeParse(raw);
  if (parsed.success) {
    const d = mergeFeedbackRules(parsed.data as Partial<FeedbackRules>).complaintDueHours;
    // a more serious level never waits longer than a lesser one
    if (!(d['1'] <= d['2'] && d['2'] <= d['3'])) return [{ field: 'feedbackRules.complaintDueHours', message: 'must not grow shorter from level 1 to level 3' }];
    return [];
  }
  return fieldErrors(parsed.error, 'feedbackRules');
}

/** The contract's settings over the defaults: what is left out keeps the default. */
export function mergeFeedbackRules(partial: Partial<FeedbackRules> | null | undefined): FeedbackRules {
  return {
    complaintDueHours: { ...DEFAULT_FEEDBACK_RULES.complaintDueHours, ...defined(partial?.complaintDueHours) },
    escalationIntervalHours: partial?.escalationIntervalHours ?? DEFAULT_FEEDBACK_RULES.escalationIntervalHours,
    complaintConfirmation: partial?.complaintConfirmation ?? DEFAULT_FEEDBACK_RULES.complaintConfirmation,
  };
}

function defined<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
