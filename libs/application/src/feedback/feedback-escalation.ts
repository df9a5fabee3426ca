import { Inject, Injectable } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import {
  COMPLAINT_LADDER,
  DEFAULT_TIME_ZONE,
  escalationReason,
  feedbackAlertText,
  feedbackLink,
  isFeedbackSettled,
  recipientsOfStep,
  SYSTEM_ACTOR,
  type AlertText,
  type FeedbackEntry,
  type OnCallRota,
} from '@vigil/domain';
import { AlertBudgetService, type AlertSubjectSource } from '../alerting/alert-budget.service';
import { RotaRouter } from '../alerting/rota-router';
import { AuditService } from '../audit/audit.service';
import {
  ClockPort,
  ContractRepository,
  CustomerRepository,
  FeedbackRepository,
  NotificationLog,
  OnCallRotaRepository,
  SiteRepository,
  TransactionRunner,
  UserRepository,
  type ScheduledAction,
} from '../ports';
import { ScheduledActionRunner } from '../scheduling/scheduled-action-runner';
import { COMPLAINT_STEP } from './feedback-planner';

/**
 * A complaint's escalation ladder through the on-call machinery of the faults: the rota covering its site finds the
 * engineer on call (or the handler is told), its supervisors at the due, its managers one interval later (the active
 * admins when the rota names none). Every message goes through the alert budget, as a fault's would.
 */
@Injectable()
export class FeedbackEscalation implements AlertSubjectSource {
  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly entries: FeedbackRepository,
    private readonly customers: CustomerRepository,
    private readonly contracts: ContractRepository,
    private readonly sites: SiteRepository,
    private readonly users: UserRepository,
    private readonly rotas: OnCallRotaRepository,
    private readonly router: RotaRouter,
    private readonly budget: AlertBudgetService,
    private readonly log: NotificationLog,
    private readonly runner: ScheduledActionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly tx: TransactionRunner,
  ) {}

  /** In the process that runs the durable timers and sends the digests (the scheduler). */
  start(): void {
    this.runner.register(COMPLAINT_STEP, (a) => this.step(a));
    this.budget.registerSubject('feedback', this);
  }

  async step(action: ScheduledAction): Promise<void> {
    const step = Number(action.payload.step);
    const entry = await this.entries.findById(String(action.payload.entryId));
    if (!entry || !entry.level || isFeedbackSettled(entry) || step <= entry.escalationStep) return;
    const now = this.clock.now();
    const rung = COMPLAINT_LADDER[step] ?? 'manager';
    const rota = await this.rotaFor(entry, now);
    const people = await this.recipients(entry, step, rota, now);
    const reason = escalationReason(step);
    await this.tx.run(async () => {
      const current = await this.entries.findByIdForUpdate(entry.id);
      if (!current || isFeedbackSettled(current) || step <= current.escalationStep) return;
      const after = { ...current, escalationStep: step, updatedAt: now };
      await this.entries.update(after);
      await this.entries.addHistory(entry.id, { at: now, actor: SYSTEM_ACTOR.username, type: 'escalated', detail: { step, rung, recipients: people.length } });
      await this.audit.record(SYSTEM_ACTOR, 'escalate', 'feedback', entry.id, null, {
        id: entry.id,
        customerId: entry.customerId,
        siteId: entry.siteId,
        step,
        rung,
        recipients: people,
      });
    });
    if (people.length === 0) {
      const detail = rota ? `the rota ${rota.name} names no ${rung}` : 'no on-call rota covers this complaint';
      await this.log.record([{ faultId: entry.id, subject: 'feedback', at: now, reason, step, channel: 'dashboard', recipient: 'operators', status: 'failed', detail }]);
      return;
    }
    await this.budget.offerAbout(
      { kind: 'feedback', id: entry.id, level: entry.level, siteId: entry.siteId, timeZone: await this.zoneOf(entry) },
      { kind: 'alert', reason, step },
      people,
    );
  }

  /** For the budget, when the messages go: a settled complaint's own alerts are dropped; the text is as of now. */
  async describe(ids: string[]): Promise<Map<string, { standing: boolean; text: AlertText }>> {
    const out = new Map<string, { standing: boolean; text: AlertText }>();
    for (const e of await this.entries.findByIds(ids)) {
      const customer = await this.customers.findById(e.customerId);
      const site = e.siteId ? await this.sites.findById(e.siteId) : null;
      const zone = await this.zoneOf(e);
      const reason = escalationReason(Math.max(0, e.escalationStep));
      out.set(e.id, {
        standing: !isFeedbackSettled(e),
        text: feedbackAlertText(e, reason, { customer: customer?.name ?? e.customerId, site: site?.name ?? null }, feedbackLink(this.config.publicUrl, e.id), zone),
      });
    }
    return out;
  }

  private async rotaFor(e: FeedbackEntry, at: Date): Promise<OnCallRota | null> {
    if (e.siteId) {
      const site = await this.sites.findById(e.siteId);
      if (site) return this.router.rotaFor({ siteId: site.id, region: site.region, level: e.level!, contractId: site.contractId }, at);
    }
    // a complaint about the customer as a whole: a rota over every site, the contract's before everyone's
    const whole = (await this.rotas.list()).filter(
      (r) => r.siteIds === null && r.regions === null && (r.contractId === null || r.contractId === e.contractId) && e.level! <= r.maxLevel,
    );
    return whole.sort((a, b) => Number(b.contractId !== null) - Number(a.contractId !== null))[0] ?? null;
  }

  private async recipients(e: FeedbackEntry, step: number, rota: OnCallRota | null, at: Date): Promise<string[]> {
    if (step === 0) return e.handlerId ? [e.handlerId] : rota ? recipientsOfStep(rota, 0, at) : [];
    if (step === 1) return rota?.supervisorIds ?? [];
    // the manager: the rota's, else whoever administers the platform
    if (rota && rota.managerIds.length > 0) return rota.managerIds;
    return (await this.users.list({ role: 'admin' }, {})).items.filter((u) => u.active).map((u) => u.id);
  }

  private async zoneOf(e: FeedbackEntry): Promise<string> {
    const contract = e.contractId ? await this.contracts.findById(e.contractId) : null;
    return contract?.timeZone ?? DEFAULT_TIME_ZONE;
  }
}
