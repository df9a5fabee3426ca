import { Injectable } from '@nestjs/common';
import { isFeedbackSettled, complaintLadderSteps, type FeedbackEntry, type FeedbackRules } from '@vigil/domain';
import { AlertQueue, ScheduledActions } from '../ports';

export const COMPLAINT_STEP = 'complaint-step';
const prefix = (id: string) => `feedback:${id}:`;

/**
 * Keeps a complaint's escalation as durable timers, written in the transaction that changes the complaint: the engineer
 * at once, the supervisor at the due, the manager one interval later. A restart between due and message loses nothing.
 */
@Injectable()
export class FeedbackPlanner {
  constructor(
    private readonly actions: ScheduledActions,
    private readonly queue: AlertQueue,
  ) {}

  /** After any change of a complaint: the rungs not yet told are (re)planned from its due; a settled one stops climbing. */
  async plan(entry: FeedbackEntry, rules: Pick<FeedbackRules, 'escalationIntervalHours'>): Promise<void> {
    if (entry.kind !== 'complaint' || !entry.dueAt) return;
    if (isFeedbackSettled(entry)) return this.stop(entry.id);
    for (const { step, at } of complaintLadderSteps(entry.receivedAt, entry.dueAt, rules)) {
      if (step <= entry.escalationStep) continue;
      await this.actions.schedule(`${prefix(entry.id)}step:${step}`, COMPLAINT_STEP, at, { entryId: entry.id, step });
    }
  }

  /** Resolved or closed: no more rungs, and what waits in anyone's queue about it is dropped. */
  async stop(entryId: string): Promise<void> {
    await this.actions.cancel(prefix(entryId));
    await this.queue.dropAlertsOf(entryId, 'feedback');
  }
}
