import { Inject, Injectable } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { callbackAlertText, callbackLink, DEFAULT_TIME_ZONE, MISSED_CALLBACK_LEVEL, missedCallbackReason, type AlertText, type Callback, type Fault } from '@vigil/domain';
import { AlertBudgetService, type AlertSubjectSource } from '../alerting/alert-budget.service';
import { RotaRouter } from '../alerting/rota-router';
import { AccessPolicy } from '../identity/access-policy';
import { usersCovering } from '../identity/user-visibility';
import { CallbackRepository, ClockPort, FaultRepository, NotificationLog, ScheduledActions, SiteRepository, UserRepository, type ScheduledAction } from '../ports';
import { ScheduledActionRunner } from '../scheduling/scheduled-action-runner';
import { CALLBACK_MISSED, CALLBACK_OPEN, CallbackOpener } from './callback-opener';
import { CallbackSettingsService } from './callback-settings.service';

/**
 * The callbacks' durable timers, run by the scheduler: `callback-open` opens a job's first callback; `callback-missed`
 * tells the assignee that a callback passed its due + grace undone, and after another grace the supervisors. Every
 * missed callback (of a fault, a patrol or a survey alike) is paged through the alert budget as a `callback` subject:
 * one page per callback and person, and one no longer sent once the call is made.
 */
@Injectable()
export class CallbackTimers implements AlertSubjectSource {
  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly runner: ScheduledActionRunner,
    private readonly opener: CallbackOpener,
    private readonly callbacks: CallbackRepository,
    private readonly faults: FaultRepository,
    private readonly sites: SiteRepository,
    private readonly users: UserRepository,
    private readonly settings: CallbackSettingsService,
    private readonly router: RotaRouter,
    private readonly budget: AlertBudgetService,
    private readonly log: NotificationLog,
    private readonly access: AccessPolicy,
    private readonly actions: ScheduledActions,
    private readonly clock: ClockPort,
  ) {}

  /** In the process that runs the durable timers and sends the digests (the scheduler). */
  start(): void {
    this.runner.register(CALLBACK_OPEN, (a) => this.open(a));
    this.runner.register(CALLBACK_MISSED, (a) => this.missed(a));
    this.budget.registerSubject('callback', this);
  }

  async open(action: ScheduledAction): Promise<void> {
    const id = String(action.payload.id);
    if (action.payload.source === 'patrol') await this.opener.openForPatrol(id);
    else await this.opener.openForFault(id);
  }

  /** Step 0 at the miss time: the assignee (the supervisors when nobody has it); step 1, a grace later: the supervisors. */
  async missed(action: ScheduledAction): Promise<void> {
    const cb = await this.callbacks.findById(String(action.payload.callbackId));
    if (!cb || cb.state === 'done') return;
    const step = Number(action.payload.step ?? 0);
    const fault = cb.faultId ? await this.faults.findById(cb.faultId) : null;
    const people = step === 0 && cb.assigneeId ? [cb.assigneeId] : await this.supervisorsOf(cb, fault);
    const zone = await this.zoneOf(cb);
    const reason = missedCallbackReason(step, cb.dueAt, zone);
    if (people.length > 0) {
      await this.budget.offerAbout({ kind: 'callback', id: cb.id, level: MISSED_CALLBACK_LEVEL, siteId: cb.siteId, timeZone: zone }, { kind: 'alert', reason, step }, people);
    } else {
      // nobody to page: the miss stays visible in the list and in the notification log
      await this.log.record([
        {
          faultId: cb.id,
          subject: 'callback',
          at: this.clock.now(),
          reason,
          step,
          channel: 'dashboard',
          recipient: 'operators',
          status: 'failed',
          detail: 'no assignee and no supervisor covers the site',
        },
      ]);
    }
    if (step === 0 && cb.assigneeId) {
      const { graceMinutes } = await this.settings.forContract(cb.contractId);
      await this.actions.schedule(`${CALLBACK_MISSED}:${cb.id}`, CALLBACK_MISSED, new Date(this.clock.now().getTime() + graceMinutes * 60_000), { callbackId: cb.id, step: 1 });
    }
  }

  /** For the budget, when the messages go: a callback made meanwhile is no longer paged; the text is as of now. */
  async describe(ids: string[]): Promise<Map<string, { standing: boolean; text: AlertText }>> {
    const out = new Map<string, { standing: boolean; text: AlertText }>();
    for (const id of ids) {
      const cb = await this.callbacks.findById(id);
      if (!cb) continue;
      const site = await this.sites.findById(cb.siteId);
      const assignee = cb.assigneeId ? await this.users.findById(cb.assigneeId) : null;
      const zone = site?.timeZone ?? DEFAULT_TIME_ZONE;
      const reason = missedCallbackReason(0, cb.dueAt, zone);
      out.set(id, {
        standing: cb.state !== 'done',
        text: callbackAlertText(
          cb,
          reason,
          { site: site?.name ?? cb.siteId, assignee: assignee?.displayName ?? assignee?.username ?? null },
          callbackLink(this.config.publicUrl, cb.id),
          zone,
        ),
      });
    }
    return out;
  }

  private async zoneOf(cb: Callback): Promise<string> {
    return (await this.sites.findById(cb.siteId))?.timeZone ?? DEFAULT_TIME_ZONE;
  }

  /** The supervisors of the rota answering for the fault; without one, the active supervisors whose scope covers the site. */
  private async supervisorsOf(cb: Callback, fault: Fault | null): Promise<string[]> {
    const rota = fault ? await this.router.rotaFor(fault, this.clock.now()) : null;
    if (rota && rota.supervisorIds.length > 0) return rota.supervisorIds;
    const supervisors = (await this.users.list({ role: 'supervisor' }, {})).items.filter((x) => x.active);
    return (await usersCovering(this.access, supervisors, cb.siteId)).map((u) => u.id);
  }
}
