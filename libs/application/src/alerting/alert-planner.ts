import { Injectable } from '@nestjs/common';
import { SLA_STEPS, type Fault, type SlaStep } from '@vigil/domain';
import { ScheduledActions } from '../ports';
import { RotaRouter } from './rota-router';

/**
 * Keeps a fault's future alerts as durable timers, written in the fault's own transaction: the
 * escalation steps and repeats until someone acknowledges, and the SLA warnings and breaches.
 */
@Injectable()
export class AlertPlanner {
  constructor(private readonly actions: ScheduledActions, private readonly router: RotaRouter) {}

  /** `firstAfterMs` holds the first alert (group wait); escalation and repeats count from the opening. */
  async planOpened(fault: Fault, firstAfterMs = 0): Promise<void> {
    const rota = await this.router.rotaFor(fault, fault.openedAt);
    const at = fault.openedAt.getTime();
    await this.actions.schedule(`alert:${fault.id}:step:0`, 'alert-step', new Date(at + firstAfterMs), { faultId: fault.id, step: 0 });
    if (!rota) return;
    for (const [i, minutes] of rota.escalateAfterMinutes.entries()) {
      await this.actions.schedule(`alert:${fault.id}:step:${i + 1}`, 'alert-step', new Date(at + minutes * 60_000), { faultId: fault.id, step: i + 1 });
    }
    await this.actions.schedule(`alert:${fault.id}:repeat`, 'alert-repeat', new Date(at + rota.repeatEveryMinutes * 60_000), { faultId: fault.id });
  }

  /** A dispatch tells the assignee at once, as a durable timer in the dispatch's transaction: a crash before sending loses nothing. */
  async planDispatched(fault: Fault): Promise<void> {
    if (!fault.assigneeId) return;
    await this.actions.schedule(`dispatch:${fault.id}`, 'alert-dispatched', fault.updatedAt, { faultId: fault.id, assigneeId: fault.assigneeId });
  }

  /** After any change: acknowledged stops steps and repeats; SLA timers follow the recomputed dues. */
  async planChanged(fault: Fault, sla: Record<SlaStep, { status: string | null; due: Date | null; warnAt: Date | null }> | null): Promise<void> {
    if (fault.state !== 'open') await this.actions.cancel(`alert:${fault.id}:`);
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
