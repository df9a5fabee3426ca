import { Injectable } from '@nestjs/common';
import { ScheduledActionRunner } from '../scheduling/scheduled-action-runner';
import { AlertBudgetService } from './alert-budget.service';
import { AlertEscalation } from './alert-escalation';
import { DispatchNotices } from './dispatch-notices';
import { SlaNotices } from './sla-notices';

/** Hands the planner's durable timers to what sends each kind; the kinds and their payloads are stored, so they never change. */
@Injectable()
export class AlertDispatcher {
  constructor(
    private readonly runner: ScheduledActionRunner,
    private readonly escalation: AlertEscalation,
    private readonly sla: SlaNotices,
    private readonly dispatches: DispatchNotices,
    private readonly budget: AlertBudgetService,
  ) {}

  start(): void {
    this.runner.register('alert-step', (a) => this.escalation.step(a));
    this.runner.register('alert-repeat', (a) => this.escalation.repeat(a));
    this.runner.register('sla-check', (a) => this.sla.check(a));
    this.runner.register('alert-digest', (a) => this.budget.sendDue(String(a.payload.recipient)));
    this.runner.register('alert-dispatched', (a) => this.dispatches.notify(a));
  }
}
