import { Inject, Injectable } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { alertText, ESCALATION_STEPS, faultLink, formatLocalTime, onRota, recipientsOfStep, webhookBody, windowMutes, type Fault, type OnCallRota, type SlaStep } from '@vigil/domain';
import { FaultService } from '../faults/fault.service';
import { ClockPort, Mailer, MaintenanceWindowRepository, NotificationLog, ScheduledActions, SiteRepository, TransactionRunner, UserRepository, WebhookSender, type NotificationRecord, type ScheduledAction } from '../ports';
import { ScheduledActionRunner } from '../scheduling/scheduled-action-runner';
import { RotaRouter } from './rota-router';

/** Sends what the planner scheduled, on every channel, and records each delivery and its result. */
@Injectable()
export class AlertDispatcher {
  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly runner: ScheduledActionRunner,
    private readonly actions: ScheduledActions,
    private readonly faults: FaultService,
    private readonly router: RotaRouter,
    private readonly users: UserRepository,
    private readonly sites: SiteRepository,
    private readonly windows: MaintenanceWindowRepository,
    private readonly mailer: Mailer,
    private readonly webhooks: WebhookSender,
    private readonly log: NotificationLog,
    private readonly clock: ClockPort,
    private readonly tx: TransactionRunner,
  ) {}

  start(): void {
    this.runner.register('alert-step', (a) => this.step(a));
    this.runner.register('alert-repeat', (a) => this.repeat(a));
    this.runner.register('sla-check', (a) => this.slaCheck(a));
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
    await this.send(fault, theirs, `dispatched to ${assignee?.displayName ?? assignee?.username ?? assigneeId}`, 0, [assigneeId], theirs !== null, true);
  }

  private async step(action: ScheduledAction): Promise<void> {
    const fault = await this.faults.require(String(action.payload.faultId));
    if (fault.state !== 'open') return;
    const step = Number(action.payload.step);
    const rota = await this.router.rotaFor(fault, this.clock.now());
    const reason = step === 0 ? 'new fault' : `not acknowledged: escalated to ${ESCALATION_STEPS[step]}`;
    await this.send(fault, rota, reason, step, rota ? recipientsOfStep(rota, step, this.clock.now()) : [], step === 0 || step >= 2);
  }

  private async repeat(action: ScheduledAction): Promise<void> {
    const fault = await this.faults.require(String(action.payload.faultId));
    if (fault.state !== 'open') return;
    const now = this.clock.now();
    const rota = await this.router.rotaFor(fault, now);
    if (!rota) return;
    const elapsedMin = (now.getTime() - fault.openedAt.getTime()) / 60_000;
    const reached = rota.escalateAfterMinutes.filter((m) => m <= elapsedMin).length;
    const people = [...new Set(Array.from({ length: reached + 1 }, (_, s) => recipientsOfStep(rota, s, now)).flat())];
    await this.send(fault, rota, 'still not acknowledged', reached, people, false);
    // acknowledged while this was sent: the acknowledgement cancelled the repeats, do not bring them back
    await this.tx.run(async () => {
      if ((await this.faults.require(fault.id)).state !== 'open') return;
      await this.actions.schedule(`alert:${fault.id}:repeat`, 'alert-repeat', new Date(now.getTime() + rota.repeatEveryMinutes * 60_000), { faultId: fault.id });
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
    await this.send(fault, rota, `SLA ${step} ${kind === 'breach' ? 'breached' : 'at 75 %'} (due ${formatLocalTime(state.due, zone)})`, kind === 'breach' ? 2 : 1, people, true);
  }

  /** `direct`: a message a person caused (a dispatch), for the users named whatever the rota and maintenance windows. */
  private async send(fault: Fault, rota: OnCallRota | null, reason: string, step: number, userIds: string[], hooks: boolean, direct = false): Promise<void> {
    const now = this.clock.now();
    const site = await this.sites.findById(fault.siteId);
    const text = alertText(fault, reason, site?.name ?? fault.siteId, faultLink(this.config.publicUrl, fault.id), site?.timeZone);
    const base = { faultId: fault.id, at: now, reason: reason.slice(0, 200), step };
    const muted = direct ? undefined : (await this.windows.activeAt(now)).find((w) => windowMutes(w, now, fault.siteId, fault.deviceId));
    if (muted) {
      await this.log.record([{ ...base, channel: 'dashboard', recipient: '*', status: 'muted', detail: `maintenance window ${muted.name}` }]);
      return;
    }
    if (!rota && !direct) {
      await this.log.record([{ ...base, channel: 'dashboard', recipient: 'operators', status: 'failed', detail: 'no on-call rota covers this fault' }]);
      return;
    }
    const records: NotificationRecord[] = [];
    for (const user of await Promise.all(userIds.map((id) => this.users.findById(id)))) {
      if (!user || !user.active) continue;
      records.push({ ...base, channel: 'dashboard', recipient: user.username, status: 'sent', detail: null });
      if (user.email && this.mailer.configured) records.push(await this.deliver({ ...base, channel: 'email', recipient: user.email }, () => this.mailer.send({ to: user.email!, subject: text.title, text: text.lines.join('\n') })));
    }
    if (hooks && rota) {
      for (const hook of rota.webhooks) {
        records.push(await this.deliver({ ...base, channel: 'webhook', recipient: hook.url.slice(0, 300) }, async () => {
          const status = await this.webhooks.post(hook.url, webhookBody(hook.format, text, fault, reason));
          if (status >= 300) throw new Error(`HTTP ${status}`);
        }));
      }
    }
    await this.log.record(records);
  }

  private async deliver(base: Omit<NotificationRecord, 'status' | 'detail'>, send: () => Promise<void>): Promise<NotificationRecord> {
    try {
      await send();
      return { ...base, status: 'sent', detail: null };
    } catch (err) {
      return { ...base, status: 'failed', detail: (err as Error).message.slice(0, 500) };
    }
  }
}
