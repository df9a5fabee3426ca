import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  complaintDueAt,
  DEFAULT_TIME_ZONE,
  isFeedbackOverdue,
  mergeFeedbackRules,
  monthRange,
  refuseFeedbackAction,
  refuseFeedbackClose,
  type Actor,
  type ComplaintLevel,
  type Contract,
  type CustomerConfirmation,
  type FeedbackAction,
  type FeedbackAnalysisEntry,
  type FeedbackChannel,
  type FeedbackEntry,
  type FeedbackHistoryItem,
  type FeedbackKind,
  type FeedbackRefusal,
  type FeedbackRules,
  type FeedbackState,
  type LinkChannel,
  type Page,
  type PageRequest,
  type Permission,
  type ReportChannel,
} from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InputError, NotFoundError } from '../errors';
import { FaultService } from '../faults/fault.service';
import { AccessPolicy } from '../identity/access-policy';
import {
  ClockPort,
  ContractRepository,
  CustomerRepository,
  DeviceRepository,
  FaultRepository,
  FeedbackRepository,
  NotificationLog,
  SiteRepository,
  TransactionRunner,
  UserRepository,
  type FeedbackFilter,
  type NotificationRecord,
} from '../ports';
import { CustomerLinkService } from '../service-desk/customer-link.service';
import { FeedbackPlanner } from './feedback-planner';

/** The one-time link through which a customer confirms a complaint's resolution (ComplaintLinks registers it). */
export const COMPLAINT_CONFIRM = 'complaint-confirm';

export interface FeedbackInput {
  customerId: string;
  siteId?: string | null;
  deviceId?: string | null;
  faultId?: string | null;
  kind: FeedbackKind;
  channel: FeedbackChannel;
  reporterName: string;
  reporterContact?: string | null;
  /** When the desk received it; now when left out (never in the future). */
  receivedAt?: Date;
  text: string;
  handlerId?: string | null;
  /** Complaints: 1 most serious … 3; required for a complaint, refused for the rest. */
  level?: ComplaintLevel | null;
  /** A maintenance request at a site: report it as a fault too (the fault-report path; operators and supervisors). */
  openFault?: boolean;
}

export interface FeedbackChange {
  handlerId?: string | null;
  level?: ComplaintLevel;
  text?: string;
  reporterContact?: string | null;
  deviceId?: string | null;
  faultId?: string | null;
}

export interface FeedbackListFilter {
  customerId?: string;
  siteId?: string;
  deviceId?: string;
  faultId?: string;
  kind?: FeedbackKind;
  channel?: FeedbackChannel;
  state?: FeedbackState;
  overdue?: boolean;
  /** YYYY-MM in the contract's zone (Asia/Shanghai without one). */
  month?: string;
}

export type FeedbackView = FeedbackEntry & { overdue: boolean };

const FAULT_CHANNEL: Record<FeedbackChannel, ReportChannel> = { phone: 'phone', mail: 'email', wecom: 'wechat', visit: 'on-site', survey: 'other' };

/** What an audit entry keeps of an entry: all of it, with its customer and site so the trail shows it to their auditors. */
const audited = (e: FeedbackEntry) => ({ ...e, text: e.text.slice(0, 2000) });

/**
 * The feedback register: entries from every channel, worked from open to closed, every step kept in the entry's history and
 * the audit trail. A complaint gets a level and a due; its escalation is planned as durable timers (FeedbackPlanner) in the
 * transaction that changes it. Scoped like the estate: an entry at a site is that site's, one of no site its customer's.
 */
@Injectable()
export class FeedbackService {
  constructor(
    private readonly entries: FeedbackRepository,
    private readonly customers: CustomerRepository,
    private readonly contracts: ContractRepository,
    private readonly sites: SiteRepository,
    private readonly devices: DeviceRepository,
    private readonly faultsRepo: FaultRepository,
    private readonly faults: FaultService,
    private readonly users: UserRepository,
    private readonly notifications: NotificationLog,
    private readonly planner: FeedbackPlanner,
    private readonly links: CustomerLinkService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly access: AccessPolicy,
  ) {}

  async create(actor: Actor, input: FeedbackInput): Promise<FeedbackView> {
    await this.access.require(actor, 'feedback.write');
    const siteId = input.siteId ?? (input.deviceId ? ((await this.devices.findById(input.deviceId))?.siteId ?? null) : null);
    await this.requireOwner(actor, 'feedback.write', input.customerId, siteId, 'feedback', input.customerId);
    const links = await this.checkLinks(input.customerId, siteId, input.deviceId ?? null, input.faultId ?? null);
    const now = this.clock.now();
    const receivedAt = input.receivedAt ?? now;
    if (receivedAt.getTime() > now.getTime() + 60_000) throw new InputError('receivedAt', 'must not be in the future');
    if (input.kind === 'complaint' && !input.level) throw new InputError('level', 'a complaint needs its level: 1 (most serious), 2 or 3');
    if (input.kind !== 'complaint' && input.level) throw new InputError('level', 'only a complaint has a level');
    if (input.openFault && (input.kind !== 'maintenance-request' || !siteId)) throw new InputError('openFault', 'only a maintenance request at a site opens a fault');
    if (input.openFault && input.faultId) throw new InputError('openFault', 'the entry names its fault already');
    if (input.handlerId) await this.checkHandler(input.handlerId, input.customerId, siteId);
    // the fault report's own permission, asked before anything is written (its refusal stays in the trail)
    if (input.openFault) await this.access.require(actor, 'fault.report');
    const { contract, rules } = await this.termsOf(input.customerId, links.contractId);
    const level = input.kind === 'complaint' ? (input.level ?? null) : null;
    const entry: FeedbackEntry = {
      id: randomUUID(),
      customerId: input.customerId,
      contractId: contract?.id ?? null,
      siteId,
      deviceId: input.deviceId ?? null,
      faultId: input.faultId ?? null,
      kind: input.kind,
      channel: input.channel,
      reporterName: input.reporterName,
      reporterContact: input.reporterContact ?? null,
      receivedAt,
      text: input.text,
      handlerId: input.handlerId ?? null,
      state: input.handlerId ? 'in-progress' : 'open',
      level,
      dueAt: level ? complaintDueAt(receivedAt, level, rules) : null,
      escalationStep: -1,
      confirmationRequired: input.kind === 'complaint' && rules.complaintConfirmation,
      resolution: null,
      resolvedAt: null,
      resolvedBy: null,
      confirmation: null,
      closedAt: null,
      closedBy: null,
      createdBy: actor.username,
      createdAt: now,
      updatedAt: now,
    };
    return this.tx.run(async () => {
      if (input.openFault) {
        const fault = await this.faults.report(actor, {
          siteId: siteId!,
          deviceId: entry.deviceId,
          kind: 'other',
          description: `报修 maintenance request: ${entry.text}`.slice(0, 2000),
          reporter: entry.reporterName,
          channel: FAULT_CHANNEL[entry.channel],
        });
        entry.faultId = fault.id;
      }
      await this.entries.insert(entry);
      await this.history(entry.id, actor.username, 'registered', { kind: entry.kind, channel: entry.channel, level, dueAt: entry.dueAt, faultId: entry.faultId });
      await this.audit.record(actor, 'create', 'feedback', entry.id, null, audited(entry));
      await this.planner.plan(entry, rules);
      return this.view(entry);
    });
  }

  async list(actor: Actor, f: FeedbackListFilter, page: PageRequest): Promise<Page<FeedbackView>> {
    const found = await this.entries.list(await this.filterOf(actor, f), page);
    return { items: found.items.map((e) => this.view(e)), total: found.total };
  }

  /** Every match in the actor's scope, for the export. */
  async listAll(actor: Actor, f: FeedbackListFilter): Promise<FeedbackView[]> {
    return (await this.list(actor, f, {})).items;
  }

  /**
   * The entries in the actor's scope received in [from, to), as the half-yearly analysis (analyseFeedback in @vigil/domain)
   * takes them, device models included: for the report that hands the analysis to management.
   */
  async analysisEntries(actor: Actor, f: { customerId?: string; siteId?: string; from: Date; to: Date }): Promise<FeedbackAnalysisEntry[]> {
    const scope = await this.filterOf(actor, { customerId: f.customerId, siteId: f.siteId });
    const found = (await this.entries.list({ ...scope, from: f.from, to: f.to }, {})).items;
    const models = new Map((await this.devices.findByIds([...new Set(found.flatMap((e) => (e.deviceId ? [e.deviceId] : [])))])).map((d) => [d.id, d.model]));
    return found.map((e) => ({
      kind: e.kind,
      channel: e.channel,
      receivedAt: e.receivedAt,
      siteId: e.siteId,
      deviceId: e.deviceId,
      deviceModel: e.deviceId ? (models.get(e.deviceId) ?? null) : null,
      level: e.level,
      dueAt: e.dueAt,
      resolvedAt: e.resolvedAt,
    }));
  }

  async get(actor: Actor, id: string): Promise<FeedbackView & { history: FeedbackHistoryItem[]; notifications: NotificationRecord[] }> {
    const entry = await this.visible(actor, 'feedback.read', id);
    const [history, notifications] = await Promise.all([this.entries.history(id), this.notifications.forSubject('feedback', id)]);
    return { ...this.view(entry), history, notifications };
  }

  /** Assign a handler (an open entry is then in progress), change a complaint's level (its due follows), the text or links. */
  async update(actor: Actor, id: string, change: FeedbackChange): Promise<FeedbackView> {
    const current = await this.visible(actor, 'feedback.write', id);
    if (change.level !== undefined && current.kind !== 'complaint') throw new InputError('level', 'only a complaint has a level');
    if (change.handlerId) await this.checkHandler(change.handlerId, current.customerId, current.siteId);
    if (change.deviceId !== undefined || change.faultId !== undefined)
      await this.checkLinks(
        current.customerId,
        current.siteId,
        change.deviceId === undefined ? current.deviceId : change.deviceId,
        change.faultId === undefined ? current.faultId : change.faultId,
      );
    return this.change(actor, id, 'update', async (e, rules) => {
      const fields = { text: change.text, reporterContact: change.reporterContact, deviceId: change.deviceId, faultId: change.faultId };
      const changed = Object.fromEntries(Object.entries(fields).filter(([key, value]) => value !== undefined && value !== e[key as keyof typeof fields]));
      const next: FeedbackEntry = { ...e, ...changed };
      const detail: Record<string, unknown> = { ...changed };
      if (change.handlerId !== undefined && change.handlerId !== e.handlerId) {
        next.handlerId = change.handlerId;
        detail.handlerId = change.handlerId;
        if (change.handlerId && e.state === 'open') next.state = 'in-progress';
      }
      if (change.level !== undefined && change.level !== e.level) {
        next.level = change.level;
        next.dueAt = complaintDueAt(e.receivedAt, change.level, rules);
        detail.level = change.level;
        detail.dueAt = next.dueAt;
      }
      return { next, type: detail.handlerId !== undefined ? 'assigned' : 'updated', detail };
    });
  }

  async resolve(actor: Actor, id: string, resolution: string): Promise<FeedbackView> {
    await this.visible(actor, 'feedback.write', id);
    if (resolution.trim() === '') throw new InputError('resolution', 'say what was done');
    return this.change(actor, id, 'resolve', async (e) => ({
      next: { ...e, state: 'resolved', resolution, resolvedAt: this.clock.now(), resolvedBy: actor.username, handlerId: e.handlerId ?? actor.userId },
      type: 'resolved',
      detail: { resolution },
    }));
  }

  /** Back to work: the customer is not satisfied with the resolution (the confirmation, if any, is dropped). */
  async reopen(actor: Actor, id: string, reason: string): Promise<FeedbackView> {
    await this.visible(actor, 'feedback.write', id);
    return this.change(actor, id, 'reopen', async (e) => ({
      next: { ...e, state: 'in-progress', resolvedAt: null, resolvedBy: null, confirmation: null },
      type: 'reopened',
      detail: { reason, linksWithdrawn: await this.links.withdrawOpen(actor, COMPLAINT_CONFIRM, id, null) },
    }));
  }

  /**
   * Asks the customer to confirm a resolved complaint themselves: a one-time link (purpose `complaint-confirm`) to the
   * customer's contact over the channel; the customer's answer is recorded as the confirmation `via: link`. A link sent
   * earlier and not used is withdrawn. 400 naming `channel` when the customer has no contact for it.
   */
  async sendConfirmation(actor: Actor, id: string, channel: LinkChannel): Promise<FeedbackView> {
    const entry = await this.visible(actor, 'feedback.write', id);
    if (entry.kind !== 'complaint') throw new ConflictError('only a complaint is confirmed by the customer');
    const refusal = refuseFeedbackAction(entry, 'confirm');
    if (refusal) throw toError(refusal);
    if (entry.confirmation) throw new ConflictError('the customer has already confirmed the resolution');
    const { contract } = await this.termsOf(entry.customerId, entry.contractId);
    const link = await this.links.issue(actor, {
      purpose: COMPLAINT_CONFIRM,
      subjectId: id,
      customerId: entry.customerId,
      siteId: entry.siteId,
      channel,
      timeZone: contract?.timeZone,
    });
    return this.change(actor, id, 'confirm', async (e) => {
      const withdrawn = await this.links.withdrawOpen(actor, COMPLAINT_CONFIRM, id, link.id);
      return { next: e, type: 'confirmation-sent', detail: { linkId: link.id, channel, recipient: link.recipient, expiresAt: link.expiresAt, withdrawn } };
    });
  }

  /** The customer confirmed the resolution on the phone to the desk: who, when, recorded by whom. */
  async confirmByPhone(actor: Actor, id: string, input: { name: string; at?: Date; note?: string | null }): Promise<FeedbackView> {
    await this.visible(actor, 'feedback.write', id);
    const now = this.clock.now();
    const at = input.at ?? now;
    if (at.getTime() > now.getTime() + 60_000) throw new InputError('at', 'must not be in the future');
    return this.confirm(actor, id, { name: input.name, at, via: 'phone', recordedBy: actor.username, note: input.note ?? null });
  }

  /**
   * The seam for the one-time link (CustomerLinkService, purpose `complaint-confirm`): call it only after the link's token
   * was checked and spent; the link is the authority, so no user's scope is asked. `linkActor` names the link in the trail.
   */
  async confirmThroughLink(linkActor: Actor, id: string, input: { name: string; note?: string | null }): Promise<FeedbackView> {
    if (!(await this.entries.findById(id))) throw new NotFoundError('feedback', id);
    if (typeof input.name !== 'string' || input.name.trim() === '') throw new InputError('name', 'say who confirms');
    return this.confirm(linkActor, id, { name: input.name, at: this.clock.now(), via: 'link', recordedBy: null, note: input.note ?? null });
  }

  /** What a one-time confirmation link shows the customer: the complaint and its resolution, nothing of anyone else. */
  async confirmationTarget(id: string): Promise<Pick<FeedbackEntry, 'id' | 'customerId' | 'siteId' | 'receivedAt' | 'text' | 'resolution' | 'state'> | null> {
    const e = await this.entries.findById(id);
    return e && e.kind === 'complaint'
      ? { id: e.id, customerId: e.customerId, siteId: e.siteId, receivedAt: e.receivedAt, text: e.text, resolution: e.resolution, state: e.state }
      : null;
  }

  async close(actor: Actor, id: string, resolution: string | null): Promise<FeedbackView> {
    await this.visible(actor, 'feedback.close', id);
    return this.change(actor, id, 'close', async (e) => {
      const refusal = refuseFeedbackClose(e, resolution);
      if (refusal) throw toError(refusal);
      const now = this.clock.now();
      const given = resolution?.trim() ? resolution : null;
      return {
        next: {
          ...e,
          state: 'closed',
          resolution: given ?? e.resolution,
          resolvedAt: e.resolvedAt ?? (given ? now : null),
          resolvedBy: e.resolvedBy ?? (given ? actor.username : null),
          closedAt: now,
          closedBy: actor.username,
        },
        type: 'closed',
        detail: given ? { resolution: given } : null,
      };
    });
  }

  private async confirm(actor: Actor, id: string, confirmation: CustomerConfirmation): Promise<FeedbackView> {
    return this.change(actor, id, 'confirm', async (e) => ({
      next: { ...e, confirmation },
      type: 'confirmed',
      detail: { name: confirmation.name, at: confirmation.at, via: confirmation.via, recordedBy: confirmation.recordedBy, note: confirmation.note },
    }));
  }

  private async change(
    actor: Actor,
    id: string,
    action: FeedbackAction,
    apply: (e: FeedbackEntry, rules: FeedbackRules) => Promise<{ next: FeedbackEntry; type: string; detail: Record<string, unknown> | null }>,
  ): Promise<FeedbackView> {
    return this.tx.run(async () => {
      // locked: the escalation ladder (scheduler) changes entries too, and must not write back an entry read before this change
      const before = await this.entries.findByIdForUpdate(id);
      if (!before) throw new NotFoundError('feedback', id);
      const refusal = refuseFeedbackAction(before, action);
      if (refusal) throw toError(refusal);
      const { rules } = await this.termsOf(before.customerId, before.contractId);
      const { next, type, detail } = await apply(before, rules);
      const after = { ...next, updatedAt: this.clock.now() };
      await this.entries.update(after);
      await this.history(id, actor.username, type, detail);
      await this.audit.record(actor, type === 'updated' || type === 'assigned' ? 'update' : type, 'feedback', id, audited(before), audited(after));
      await this.planner.plan(after, rules);
      return this.view(after);
    });
  }

  private view(e: FeedbackEntry): FeedbackView {
    return { ...e, overdue: isFeedbackOverdue(e, this.clock.now()) };
  }

  private history(entryId: string, actor: string, type: string, detail: Record<string, unknown> | null): Promise<void> {
    return this.entries.addHistory(entryId, { at: this.clock.now(), actor, type, detail });
  }

  private async filterOf(actor: Actor, f: FeedbackListFilter): Promise<FeedbackFilter> {
    const siteIds = await this.access.siteFilter(actor, 'feedback.read');
    const customerIds = await this.access.customerFilter(actor, 'feedback.read');
    let range: { from: Date; to: Date } | null = null;
    if (f.month) {
      const zone = f.customerId ? ((await this.termsOf(f.customerId, null)).contract?.timeZone ?? DEFAULT_TIME_ZONE) : DEFAULT_TIME_ZONE;
      range = monthRange(f.month, zone);
      if (!range) throw new InputError('month', 'must be a month written YYYY-MM');
    }
    return {
      siteIds,
      customerIds,
      customerId: f.customerId,
      siteId: f.siteId,
      deviceId: f.deviceId,
      faultId: f.faultId,
      kind: f.kind,
      channel: f.channel,
      state: f.state,
      overdueAt: f.overdue ? this.clock.now() : undefined,
      from: range?.from,
      to: range?.to,
    };
  }

  /** An entry in the actor's scope (404 outside it, as if it did not exist). */
  private async visible(actor: Actor, permission: Permission, id: string): Promise<FeedbackEntry> {
    await this.access.require(actor, permission);
    const entry = await this.require(id);
    await this.requireOwner(actor, permission, entry.customerId, entry.siteId, 'feedback', id);
    return entry;
  }

  private async requireOwner(actor: Actor, permission: Permission, customerId: string, siteId: string | null, entity: string, id: string): Promise<void> {
    if (siteId) await this.access.requireSite(actor, permission, siteId, entity, id);
    else await this.access.requireCustomer(actor, permission, customerId, entity, id);
  }

  private async require(id: string): Promise<FeedbackEntry> {
    const e = await this.entries.findById(id);
    if (!e) throw new NotFoundError('feedback', id);
    return e;
  }

  /** The customer exists; the site, device and fault named are the customer's and agree with each other. */
  private async checkLinks(customerId: string, siteId: string | null, deviceId: string | null, faultId: string | null): Promise<{ contractId: string | null }> {
    if (!(await this.customers.findById(customerId))) throw new InputError('customerId', `customer ${customerId} does not exist`);
    let contractId: string | null = null;
    if (siteId) {
      const site = await this.sites.findById(siteId);
      if (!site || site.customerId !== customerId) throw new InputError('siteId', 'must be a site of the customer');
      contractId = site.contractId;
    }
    if (deviceId) {
      const device = await this.devices.findById(deviceId);
      if (!device || device.siteId !== siteId) throw new InputError('deviceId', 'must be a device at the site of the entry');
    }
    if (faultId) {
      const fault = await this.faultsRepo.findById(faultId);
      if (!fault || fault.siteId !== siteId) throw new InputError('faultId', 'must be a fault at the site of the entry');
    }
    return { contractId };
  }

  /** A handler is an active user who changes records, and whose own scope covers the entry. */
  private async checkHandler(userId: string, customerId: string, siteId: string | null): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user || !user.active || user.role === 'auditor') throw new InputError('handlerId', 'must be an active user who works feedback');
    if (!user.scope) return;
    const sites = await this.access.siteIdsIn(user.scope);
    const covers = siteId ? (sites ?? []).includes(siteId) : user.scope.customerIds.includes(customerId);
    if (!covers) throw new InputError('handlerId', `user ${user.username} has no scope over the entry`);
  }

  /** The contract whose settings apply: the site's, else the customer's current one (newest start first); the defaults without. */
  private async termsOf(customerId: string, contractId: string | null): Promise<{ contract: Contract | null; rules: FeedbackRules }> {
    let contract = contractId ? await this.contracts.findById(contractId) : null;
    if (!contract) {
      const today = this.clock.now().toISOString().slice(0, 10);
      const own = (await this.contracts.list()).filter((c) => c.customerId === customerId).sort((a, b) => b.startsOn.localeCompare(a.startsOn));
      contract = own.find((c) => c.startsOn <= today && today <= c.endsOn) ?? own[0] ?? null;
    }
    return { contract, rules: mergeFeedbackRules(contract?.feedbackRules as Partial<FeedbackRules> | null | undefined) };
  }
}

function toError(r: FeedbackRefusal): Error {
  const field = r.field ?? 'state';
  return r.status === 'input' ? new InputError(field, r.message, [{ field, message: r.message, code: r.code }]) : new ConflictError(`${r.code}: ${r.message}`);
}
