import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  faultCallbackDue,
  faultCallbackReason,
  missAtFor,
  SYSTEM_ACTOR,
  type Actor,
  type Callback,
  type CallbackReason,
  type CallbackSettings,
  type Fault,
  type Site,
} from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { RotaRouter } from '../alerting/rota-router';
import { AccessPolicy } from '../identity/access-policy';
import { usersCovering } from '../identity/user-visibility';
import { CallbackRepository, ClockPort, FaultRepository, PatrolRepository, ScheduledActions, SiteRepository, TransactionRunner, UserRepository } from '../ports';
import { CallbackSettingsService } from './callback-settings.service';

/** The durable timer kinds of callbacks; their payloads are stored, so they never change. */
export const CALLBACK_OPEN = 'callback-open';
export const CALLBACK_MISSED = 'callback-missed';

/** History entries whose actor worked the fault: they may not call the customer about it. */
const WORKED = new Set(['arrive', 'restore']);

/**
 * Opens callbacks: the first of a job (a fault closed by a person, a signed patrol), once whoever asks, and
 * the follow-ups of a call that did not pass; each with its miss timer. Who did the job is kept on the
 * callback, and the default assignee is a desk user who did not.
 */
@Injectable()
export class CallbackOpener {
  constructor(
    private readonly callbacks: CallbackRepository,
    private readonly faults: FaultRepository,
    private readonly patrols: PatrolRepository,
    private readonly sites: SiteRepository,
    private readonly users: UserRepository,
    private readonly settings: CallbackSettingsService,
    private readonly router: RotaRouter,
    private readonly access: AccessPolicy,
    private readonly actions: ScheduledActions,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
  ) {}

  /** Asks for a job's first callback through a durable timer due now: the same key from any process is one action. */
  async request(source: 'fault' | 'patrol', id: string): Promise<void> {
    await this.actions.schedule(`${CALLBACK_OPEN}:${source}:${id}`, CALLBACK_OPEN, this.clock.now(), { source, id });
  }

  /**
   * The callback of a fault a person closed: `phone-fix` without an arrival, `visit` with one; due `delayMinutes`
   * after the restore (not before the close). A fault health recovery closed by itself is nobody's job: none.
   */
  async openForFault(faultId: string): Promise<Callback | null> {
    const fault = await this.faults.findById(faultId);
    if (!fault || fault.state !== 'closed' || !fault.closedAt) return null;
    const history = await this.faults.history(faultId);
    const close = history.find((h) => h.type === 'close');
    if (!close) return null;
    const site = await this.sites.findById(fault.siteId);
    if (!site) return null;
    const settings = await this.settings.forContract(fault.contractId ?? site.contractId);
    const workers = new Set<string>(fault.assigneeId ? [fault.assigneeId] : []);
    const names = history.filter((h) => h.actor && (WORKED.has(h.type) || (h.type === 'close' && h.role === 'engineer'))).map((h) => h.actor!);
    for (const name of new Set(names)) {
      const user = await this.users.findByUsername(name);
      if (user) workers.add(user.id);
    }
    const dueAt = faultCallbackDue({ restoredAt: fault.restoredAt, closedAt: fault.closedAt }, settings);
    return this.openFirst(`fault:${fault.id}`, site, settings, { reason: faultCallbackReason(fault), faultId: fault.id, dueAt, doneBy: [...workers].sort() }, fault);
  }

  /** The callback after a signed patrol (a visit): due `delayMinutes` after the customer signed. */
  async openForPatrol(patrolId: string): Promise<Callback | null> {
    const patrol = await this.patrols.findById(patrolId);
    if (!patrol || patrol.state !== 'signed' || !patrol.signoff) return null;
    const site = await this.sites.findById(patrol.siteId);
    if (!site) return null;
    const settings = await this.settings.forContract(patrol.contractId ?? site.contractId);
    const dueAt = new Date(patrol.signoff.signedAt.getTime() + settings.delayMinutes * 60_000);
    return this.openFirst(`patrol:${patrol.id}`, site, settings, { reason: 'patrol', patrolId: patrol.id, dueAt, doneBy: patrol.assigneeId ? [patrol.assigneeId] : [] }, null);
  }

  /** The next call of a chain (inside the caller's transaction): same job, same people barred, the parent's assignee when they may still call. */
  async openNext(parent: Callback, reason: CallbackReason, dueAt: Date, actor: Actor): Promise<Callback> {
    const site = await this.sites.findById(parent.siteId);
    const settings = await this.settings.forContract(parent.contractId);
    const fault = parent.faultId ? await this.faults.findById(parent.faultId) : null;
    const assigneeId = parent.assigneeId ?? (site ? await this.defaultAssignee(site, fault, parent.doneBy, settings) : null);
    const next = this.build(parent.siteId, parent.customerId, parent.contractId, settings, {
      reason,
      faultId: parent.faultId,
      patrolId: parent.patrolId,
      surveyId: parent.surveyId,
      parentId: parent.id,
      rootId: parent.rootId,
      dueAt,
      doneBy: parent.doneBy,
      assigneeId,
    });
    await this.callbacks.insert(next);
    await this.audit.record(actor, 'create', 'callback', next.id, null, next);
    await this.scheduleMiss(next);
    return next;
  }

  /** The callback a failed survey asks for (inside the caller's transaction), due `followUpMinutes` after the answer. */
  async openForSurvey(survey: { id: string; siteId: string; customerId: string | null; contractId: string | null; answeredAt: Date }, actor: Actor): Promise<Callback | null> {
    const site = await this.sites.findById(survey.siteId);
    if (!site) return null;
    const settings = await this.settings.forContract(survey.contractId);
    const dueAt = new Date(survey.answeredAt.getTime() + settings.followUpMinutes * 60_000);
    const assigneeId = await this.defaultAssignee(site, null, [], settings);
    const cb = this.build(site.id, survey.customerId, survey.contractId, settings, { reason: 'survey', surveyId: survey.id, dueAt, doneBy: [], assigneeId });
    if (!(await this.callbacks.insertFirst(cb, `survey:${survey.id}`))) return null;
    await this.audit.record(actor, 'create', 'callback', cb.id, null, cb);
    await this.scheduleMiss(cb);
    return cb;
  }

  private async openFirst(
    sourceKey: string,
    site: Site,
    settings: CallbackSettings,
    fields: Pick<Callback, 'reason' | 'dueAt' | 'doneBy'> & Partial<Pick<Callback, 'faultId' | 'patrolId'>>,
    fault: Fault | null,
  ): Promise<Callback | null> {
    const assigneeId = await this.defaultAssignee(site, fault, fields.doneBy, settings);
    const cb = this.build(site.id, site.customerId, fault?.contractId ?? site.contractId, settings, { ...fields, assigneeId });
    return this.tx.run(async () => {
      if (!(await this.callbacks.insertFirst(cb, sourceKey))) return null;
      await this.audit.record(SYSTEM_ACTOR, 'create', 'callback', cb.id, null, cb);
      await this.scheduleMiss(cb);
      return cb;
    });
  }

  private build(
    siteId: string,
    customerId: string | null,
    contractId: string | null,
    settings: CallbackSettings,
    f: Pick<Callback, 'reason' | 'dueAt' | 'doneBy' | 'assigneeId'> & Partial<Pick<Callback, 'faultId' | 'patrolId' | 'surveyId' | 'parentId' | 'rootId'>>,
  ): Callback {
    const id = randomUUID();
    const now = this.clock.now();
    return {
      id,
      siteId,
      customerId,
      contractId,
      reason: f.reason,
      faultId: f.faultId ?? null,
      patrolId: f.patrolId ?? null,
      surveyId: f.surveyId ?? null,
      parentId: f.parentId ?? null,
      rootId: f.rootId ?? id,
      dueAt: f.dueAt,
      missAt: missAtFor(f.dueAt, settings),
      passMark: settings.passMark,
      assigneeId: f.assigneeId,
      doneBy: f.doneBy,
      state: 'due',
      result: null,
      followUpId: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** At the miss time the assignee is told; the timer is the callback's own, moved if its due moves. */
  async scheduleMiss(cb: Callback): Promise<void> {
    await this.actions.schedule(`${CALLBACK_MISSED}:${cb.id}`, CALLBACK_MISSED, cb.missAt, { callbackId: cb.id, step: 0 });
  }

  /**
   * A desk user who did not do the job: an active user of the configured role on the rota answering for the
   * fault, else the first (by username) of that role whose scope covers the site; null when none may (the list shows it unassigned).
   */
  async defaultAssignee(site: Site, fault: Fault | null, doneBy: readonly string[], settings: CallbackSettings): Promise<string | null> {
    const rota = fault ? await this.router.rotaFor(fault, this.clock.now()) : null;
    const candidates = (await this.users.list({ role: settings.assigneeRole }, {})).items.filter((u) => u.active && !doneBy.includes(u.id));
    const covering = await usersCovering(
      this.access,
      candidates.sort((a, b) => a.username.localeCompare(b.username)),
      site.id,
    );
    const onRota = rota ? covering.find((u) => rota.members.includes(u.id) || rota.overrides.some((o) => o.userId === u.id)) : undefined;
    return (onRota ?? covering[0])?.id ?? null;
  }
}
