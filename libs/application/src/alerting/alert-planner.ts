import { Injectable } from '@nestjs/common';
import { followUpTimes, SLA_STEPS, type Fault, type SlaStep } from '@vigil/domain';
import { AlertQueue, ScheduledActions } from '../ports';
import { RotaRouter } from './rota-router';

/**
 * Keeps a fault's future alerts as durable timers, written in the fault's own transaction: the first
 * alert, then (once it has actually gone out) the escalation steps and repeats until someone
 * acknowledges, and the SLA warnings and breaches.
 */
@Injectable()
export class AlertPlanner {
  constructor(
    private readonly actions: ScheduledActions,
    private readonly router: RotaRouter,
    private readonly queue: AlertQueue,
  ) {}

  /** `firstAfterMs` holds the first alert (group wait); escalation and repeats wait for it to be sent (planFollowUps). */
  async planOpened(fault: Fault, firstAfterMs = 0): Promise<void> {
    await this.actions.schedule(`alert:${fault.id}:step:0`, 'alert-step', new Date(fault.openedAt.getTime() + firstAfterMs), { faultId: fault.id, step: 0 });
  }

  /**
   * Everyone the outage can take is known (its whole site is dark): its first alert goes by `by` (now, or when the
   * rest of a darkening estate has been heard from), not after the rest of the group wait.
   */
  async firstAlertBy(faultId: string, by: Date): Promise<void> {
    for (const held of await this.actions.pending(`alert:${faultId}:step:0`)) {
      if (held.dueAt.getTime() > by.getTime()) await this.actions.schedule(held.key, held.kind, by, held.payload);
    }
  }

  /** A dispatch tells the assignee at once, as a durable timer in the dispatch's transaction: a crash before sending loses nothing. */
  async planDispatched(fault: Fault): Promise<void> {
    if (!fault.assigneeId) return;
    await this.actions.schedule(`dispatch:${fault.id}`, 'alert-dispatched', fault.updatedAt, { faultId: fault.id, assigneeId: fault.assigneeId });
  }

  /** The first alert went out at `firstSentAt`: escalation steps and repeats count from then, not from the opening. */
  async planFollowUps(fault: Fault, firstSentAt: Date): Promise<void> {
    const rota = await this.router.rotaFor(fault, firstSentAt);
    if (!rota) return;
    const { steps, repeatAt } = followUpTimes(firstSentAt, rota);
    for (const { step, at } of steps) await this.actions.schedule(`alert:${fault.id}:step:${step}`, 'alert-step', at, { faultId: fault.id, step });
    await this.actions.schedule(`alert:${fault.id}:repeat`, 'alert-repeat', repeatAt, { faultId: fault.id, firstSentAt: firstSentAt.toISOString() });
  }

  /** Whether the follow-ups of a fault's first alert are planned already (another recipient's message went first). */
  async followUpsPlanned(faultId: string): Promise<boolean> {
    return (await this.actions.pending(`alert:${faultId}:repeat`)).length > 0;
  }

  /** After any change: acknowledged stops steps, repeats and their waiting messages on every channel; SLA timers follow the recomputed dues. */
  async planChanged(fault: Fault, sla: Record<SlaStep, { status: string | null; due: Date | null; warnAt: Date | null }> | null): Promise<void> {
    if (fault.state !== 'open') {
      await this.actions.cancel(`alert:${fault.id}:`);
      await this.queue.dropAlertsOf(fault.id);
    }
    await this.actions.cancel(`sla:${fault.id}:`);
    if (fault.state === 'closed' || !sla) return;
    for (const step of SLA_STEPS) {
      const s = sla[step];
      if (s?.status !== 'pending' || !s.due || !s.warnAt) continue;
      await this.actions.schedule(`sla:${fault.id}:${step}:warning`, 'sla-check', s.warnAt, { faultId: fault.id, step, kind: 'warning' });
      await this.actions.schedule(`sla:${fault.id}:${step}:breach`, 'sla-check', new Date(s.due.getTime() + 1), { faultId: fault.id, step, kind: 'breach' });
    }
  }
}
