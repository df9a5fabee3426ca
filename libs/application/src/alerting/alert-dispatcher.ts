import { Injectable } from '@nestjs/common';
import { ESCALATION_STEPS, formatLocalTime, onRota, recipientsOfStep, stepsReached, windowMutes, type Fault, type OnCallRota, type SlaStep } from '@vigil/domain';
import { FaultService } from '../faults/fault.service';
import { ClockPort, MaintenanceWindowRepository, NotificationLog, ScheduledActions, SiteRepository, TransactionRunner, UserRepository, type ScheduledAction } from '../ports';
import { ScheduledActionRunner } from '../scheduling/scheduled-action-runner';
import { AlertBudgetService, type AlertOffer } from './alert-budget.service';
import { AlertPlanner } from './alert-planner';
import { RotaRouter } from './rota-router';

/** Turns the planner's timers into alerts, each offered to the recipients' budgets (which send them), and records mutes and misses. */
@Injectable()
export class AlertDispatcher {
  constructor(
    private readonly runner: ScheduledActionRunner,
    private readonly actions: ScheduledActions,
    private readonly faults: FaultService,
    private readonly router: RotaRouter,
    private readonly planner: AlertPlanner,
    private readonly budget: AlertBudgetService,
    private readonly users: UserRepository,
    private readonly sites: SiteRepository,
    private readonly windows: MaintenanceWindowRepository,
    private readonly log: NotificationLog,
    private readonly clock: ClockPort,
    private readonly tx: TransactionRunner,
  ) {}

  start(): void {
    this.runner.register('alert-step', (a) => this.step(a));
    this.runner.register('alert-repeat', (a) => this.repeat(a));
    this.runner.register('sla-check', (a) => this.slaCheck(a));
    this.runner.register('alert-digest', (a) => this.budget.sendDue(String(a.payload.recipient)));
    this.runner.register('alert-dispatched', (a) => this.dispatched(a));
  }

  /**
   * The dispatch notice: one message to the assignee on their channels (mail, and the group chats of a
   * rota they are on), never muted: a person chose to send them. A later dispatch tells its own assignee.
   */
  private async dispatched(action: ScheduledAction): Promise<void> {
    const fault = await this.faults.require(String(action.payload.faultId));
    const assigneeId = String(action.payload.assigneeId);
    if (fault.assigneeId !== assigneeId || fault.state === 'closed') return;
    const rota = await this.router.rotaFor(fault, this.clock.now());
    const assignee = await this.users.findById(assigneeId);
    const theirs = rota && (onRota(rota, assigneeId) || rota.supervisorIds.includes(assigneeId) || rota.managerIds.includes(assigneeId)) ? rota : null;
    const reason = `dispatched to ${assignee?.displayName ?? assignee?.username ?? assigneeId}`;
    await this.send(fault, theirs, { kind: 'notice', reason, step: 0 }, [assigneeId], theirs !== null, true);
  }

  private async step(action: ScheduledAction): Promise<void> {
    const fault = await this.faults.require(String(action.payload.faultId));
    if (fault.state !== 'open') return;
    const step = Number(action.payload.step);
    const now = this.clock.now();
    const rota = await this.router.rotaFor(fault, now);
    const reason = step === 0 ? 'new fault' : `not acknowledged: escalated to ${ESCALATION_STEPS[step]}`;
    const offered = await this.send(fault, rota, { kind: 'alert', reason, step }, rota ? recipientsOfStep(rota, step, now) : [], step === 0 || step >= 2);
    // muted, unrouted or no one to tell yet: escalation and repeats still run, counted from now
    if (offered === 0 && step === 0 && !(await this.planner.followUpsPlanned(fault.id))) await this.planner.planFollowUps(fault, now);
  }

  private async repeat(action: ScheduledAction): Promise<void> {
    const fault = await this.faults.require(String(action.payload.faultId));
    if (fault.state !== 'open') return;
    const now = this.clock.now();
    const rota = await this.router.rotaFor(fault, now);
    if (!rota) return;
    const firstSentAt = typeof action.payload.firstSentAt === 'string' ? new Date(action.payload.firstSentAt) : fault.openedAt;
    const reached = stepsReached(firstSentAt, now, rota);
    const people = [...new Set(Array.from({ length: reached + 1 }, (_, s) => recipientsOfStep(rota, s, now)).flat())];
    await this.send(fault, rota, { kind: 'alert', reason: 'still not acknowledged', step: reached }, people, false);
    // acknowledged while this was queued: the acknowledgement cancelled the repeats, do not bring them back
    await this.tx.run(async () => {
      if ((await this.faults.require(fault.id)).state !== 'open') return;
      await this.actions.schedule(`alert:${fault.id}:repeat`, 'alert-repeat', new Date(now.getTime() + rota.repeatEveryMinutes * 60_000), { faultId: fault.id, firstSentAt: firstSentAt.toISOString() });
    });
  }

  private async slaCheck(action: ScheduledAction): Promise<void> {
    const fault = await this.faults.view(await this.faults.require(String(action.payload.faultId)));
    const step = String(action.payload.step) as SlaStep;
    const state = fault.sla?.[step];
    if (fault.state === 'closed' || !state || state.status === 'met' || state.status === 'paused') return;
    const kind = String(action.payload.kind);
    if (kind === 'breach' && state.status !== 'breached') return;
    await this.faults.noteSla(fault.id, step, kind === 'breach' ? 'breach' : 'warning', state.due);
    const rota = await this.router.rotaFor(fault, this.clock.now());
    // a breach reaches the managers too: the contract pays for it
    const people = [...new Set([...(rota?.supervisorIds ?? []), ...(kind === 'breach' ? (rota?.managerIds ?? []) : []), ...(fault.assigneeId ? [fault.assigneeId] : [])])];
    const zone = (await this.sites.findById(fault.siteId))?.timeZone;
    await this.send(fault, rota, { kind: 'sla', reason: `SLA ${step} ${kind === 'breach' ? 'breached' : 'at 75 %'} (due ${formatLocalTime(state.due, zone)})`, step: kind === 'breach' ? 2 : 1 }, people, true);
  }

  /**
   * Offers the alert to the people's and the rota's webhooks' budgets; answers how many it was offered to (0: muted,
   * or no rota covers the fault). `direct`: a message a person caused (a dispatch), for the users named whatever the
   * rota and maintenance windows.
   */
  private async send(fault: Fault, rota: OnCallRota | null, alert: AlertOffer, userIds: string[], hooks: boolean, direct = false): Promise<number> {
    const now = this.clock.now();
    const base = { faultId: fault.id, at: now, reason: alert.reason.slice(0, 200), step: alert.step };
    const muted = direct ? undefined : (await this.windows.activeAt(now)).find((w) => windowMutes(w, now, fault.siteId, fault.deviceId));
    if (muted) {
      await this.log.record([{ ...base, channel: 'dashboard', recipient: '*', status: 'muted', detail: `maintenance window ${muted.name}` }]);
      return 0;
    }
    if (!rota && !direct) {
      await this.log.record([{ ...base, channel: 'dashboard', recipient: 'operators', status: 'failed', detail: 'no on-call rota covers this fault' }]);
      return 0;
    }
    return this.budget.offer(fault, alert, userIds, hooks && rota ? rota.webhooks : []);
  }
}
