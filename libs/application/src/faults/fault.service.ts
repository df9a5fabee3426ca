import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  applyFaultAction,
  calendarMissingNote,
  classifyFault,
  engineerMayWork,
  evaluateFaultSla,
  openFaultKey,
  SLA_STEPS,
  type Actor,
  type Device,
  type Fault,
  type FaultAction,
  type FaultKind,
  type FaultLevel,
  type FaultSla,
  type FaultState,
  type OnCallRota,
  type Page,
  type PageRequest,
  type Permission,
  type ReportChannel,
  type SlaOutcome,
} from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import {
  ClockPort,
  DeviceRepository,
  FaultRepository,
  NotificationLog,
  OnCallRotaRepository,
  TransactionRunner,
  UserRepository,
  type FaultFilter,
  type FaultHistoryEntry,
} from '../ports';
import { AlertPlanner } from '../alerting/alert-planner';
import { FaultContextService } from './fault-context.service';
import { FaultNotices, type FaultNoticeType } from './fault-notices';
import { FaultTransitionHooks } from './fault-transition-hooks';

export type FaultView = Fault & { sla: FaultSla | null };

/** An outcome read back from JSON: its instants are ISO text again; one recorded before the flag existed had no missing calendar. */
function reviveSla(stored: unknown): FaultSla {
  const record = stored as Record<string, unknown>;
  const revive = (v: unknown) => (typeof v === 'string' ? new Date(v) : null);
  const steps = Object.fromEntries(
    SLA_STEPS.map((step) => {
      const o = (record[step] ?? {}) as Record<string, unknown>;
      return [step, { ...o, due: revive(o.due), warnAt: revive(o.warnAt), completedAt: revive(o.completedAt) }];
    }),
  ) as SlaOutcome;
  const calendarMissing = Array.isArray(record.calendarMissing) ? (record.calendarMissing as number[]) : [];
  return { ...steps, calendarMissing, note: calendarMissingNote(calendarMissing) };
}

/** The permission each action a person takes on a fault exercises. */
const ACTION_PERMISSION: Record<FaultAction['type'], Permission | null> = {
  acknowledge: 'fault.acknowledge',
  dispatch: 'fault.dispatch',
  arrive: 'fault.arrive',
  restore: 'fault.restore',
  close: 'fault.close',
  pause: 'fault.pause',
  resume: 'fault.pause',
  // the engine's own: never over the API
  clear: null,
  'set-level': null,
};

export type PersonAction = Exclude<FaultAction, { type: 'clear' | 'set-level' }>;

/** What a bulk acknowledgement did: the faults it acknowledged, and those it left because someone had already moved them on. */
export interface BulkAcknowledgement {
  acknowledged: string[];
  skipped: { id: string; state: FaultState }[];
}

export interface FaultReport {
  siteId: string;
  deviceId?: string | null;
  kind: FaultKind;
  level?: FaultLevel;
  description: string;
  reporter: string;
  channel: ReportChannel;
}

/** Opening, working and closing faults; every change is stored with its history and announced after commit. */
@Injectable()
export class FaultService {
  constructor(
    private readonly faults: FaultRepository,
    private readonly context: FaultContextService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly notices: FaultNotices,
    private readonly devices: DeviceRepository,
    private readonly users: UserRepository,
    private readonly notifications: NotificationLog,
    private readonly planner: AlertPlanner,
    private readonly access: AccessPolicy,
    private readonly rotas: OnCallRotaRepository,
    private readonly hooks: FaultTransitionHooks = new FaultTransitionHooks(),
  ) {}

  /** Opens a fault unless one is open for the same device, kind and subject; answers null then. */
  /** `alertAfterMs`: hold the first alert that long, so what joins the fault meanwhile (the cameras behind a switch) is in it. */
  async open(
    input: Omit<
      Fault,
      | 'id'
      | 'level'
      | 'state'
      | 'region'
      | 'contractId'
      | 'acknowledgedAt'
      | 'dispatchedAt'
      | 'arrivedAt'
      | 'restoredAt'
      | 'repairedAt'
      | 'closedAt'
      | 'clearedAt'
      | 'resolution'
      | 'pauses'
      | 'updatedAt'
      | 'plan'
      | 'assigneeId'
    > & { device: Device | null; reportedLevel?: FaultLevel; siteDark?: boolean },
    actor: Actor | null,
    alertAfterMs = 0,
  ): Promise<Fault | null> {
    const { device, reportedLevel, siteDark, ...fields } = input;
    const ctx = await this.context.forSite(fields.siteId);
    const level = classifyFault(ctx.rules, {
      kind: fields.kind,
      deviceType: device?.type ?? null,
      criticality: device?.criticality ?? null,
      siteId: fields.siteId,
      at: fields.openedAt,
      affectedCount: fields.affectedCount,
      reportedLevel,
      siteDark,
    });
    const fault: Fault = {
      ...fields,
      id: randomUUID(),
      level,
      state: 'open',
      region: ctx.site.region,
      contractId: ctx.contract?.id ?? null,
      acknowledgedAt: null,
      dispatchedAt: null,
      arrivedAt: null,
      restoredAt: null,
      repairedAt: null,
      closedAt: null,
      clearedAt: null,
      resolution: null,
      pauses: [],
      plan: null,
      assigneeId: null,
      updatedAt: fields.openedAt,
    };
    return this.tx.run(async () => {
      if (!(await this.faults.insertOpen(fault))) return null;
      await this.history(fault, 'opened', actor, { level, kind: fault.kind, subject: fault.subject, affectedCount: fault.affectedCount });
      if (actor) await this.audit.record(actor, 'create', 'fault', fault.id, null, fault);
      await this.planner.planOpened(fault, alertAfterMs);
      await this.planChangedAndRecord(fault);
      await this.hooks.runOpened(fault);
      this.announce('opened', fault);
      return fault;
    });
  }

  findOpen(key: string): Promise<Fault | null> {
    return this.faults.findOpenByKey(key);
  }

  /** Applies a lifecycle action and records it; the caller has checked who may. */
  /**
   * Applies a lifecycle action and records it; the caller has checked who may. The action applies to
   * the fault as stored now (row locked on PostgreSQL), not to the caller's copy, so an engineer's
   * acknowledgement and the engine's recount never overwrite each other.
   */
  async apply(fault: Fault, action: FaultAction, actor: Actor | null, at = this.clock.now()): Promise<Fault> {
    return this.tx.run(async () => {
      const current = (await this.faults.findByIdForUpdate(fault.id)) ?? fault;
      const next = applyFaultAction(current, action, at);
      await this.faults.update(next);
      const { type, ...detail } = action;
      await this.history(next, type, actor, Object.keys(detail).length > 0 ? detail : null);
      if (actor) await this.audit.record(actor, 'update', 'fault', fault.id, current, next);
      await this.planChangedAndRecord(next);
      if (action.type === 'dispatch') await this.planner.planDispatched(next);
      await this.hooks.run({ before: current, after: next, action, actor });
      this.announce(next.state === 'closed' ? 'cleared' : 'updated', next);
      return next;
    });
  }

  /** Saves a change the engine made (affected count, level) to the fault as stored now, with a history line. */
  async amend(faultId: string, change: (current: Fault) => Fault | null, historyType: string, detail: (next: Fault) => Record<string, unknown>): Promise<void> {
    await this.tx.run(async () => {
      const current = await this.faults.findByIdForUpdate(faultId);
      const next = current ? change(current) : null;
      if (!next) return;
      await this.faults.update(next);
      await this.history(next, historyType, null, detail(next));
      await this.planChangedAndRecord(next);
      this.announce(next.state === 'closed' ? 'cleared' : 'updated', next);
    });
  }

  /** An SLA step reached 75 % or its due: kept in the fault's history and announced. */
  async noteSla(faultId: string, step: string, kind: 'warning' | 'breach', due: Date | null): Promise<void> {
    await this.tx.run(async () => {
      const fault = await this.faults.findById(faultId);
      if (!fault) return;
      const at = this.clock.now();
      await this.faults.appendHistory({
        faultId,
        at,
        type: kind === 'breach' ? 'sla-breached' : 'sla-warning',
        actor: null,
        role: null,
        detail: { step, due: due?.toISOString() ?? null },
      });
      await this.faults.recordSla(faultId, (await this.view(fault, at)).sla);
      this.announce('updated', fault);
    });
  }

  private async planChangedAndRecord(fault: Fault): Promise<void> {
    const sla = (await this.compute(fault)).sla;
    await this.planner.planChanged(fault, sla);
    if (sla) await this.faults.recordSla(fault.id, sla);
  }

  /** A reported fault (申告): its site and device in the reporter's scope; a device outside it, like an unknown one, is 404. */
  async report(actor: Actor, input: FaultReport): Promise<FaultView> {
    await this.access.requireSite(actor, 'fault.report', input.siteId, 'site', input.siteId);
    const device = input.deviceId ? await this.devices.findById(input.deviceId) : null;
    if (input.deviceId && !device) throw new NotFoundError('device', input.deviceId);
    if (device) await this.access.requireSite(actor, 'fault.report', device.siteId, 'device', device.id);
    if (device && device.siteId !== input.siteId) throw new InputError('deviceId', `device ${device.id} is not at site ${input.siteId}`);
    const opened = await this.open(
      {
        device,
        deviceId: device?.id ?? null,
        siteId: input.siteId,
        kind: input.kind,
        subject: null,
        source: 'report',
        parentFaultId: null,
        affectedCount: 0,
        description: input.description,
        reporter: input.reporter,
        channel: input.channel,
        patrolId: null,
        openedAt: this.clock.now(),
        reportedLevel: input.level,
      },
      actor,
    );
    if (!opened) {
      const existing = await this.faults.findOpenByKey(openFaultKey({ deviceId: device?.id ?? null, siteId: input.siteId, kind: input.kind, subject: null }));
      throw new InputError('kind', `fault ${existing?.id ?? ''} is already open for this ${device ? 'device' : 'site'} and kind`);
    }
    return this.view(opened);
  }

  /**
   * A person's action on a fault in their scope (404 outside). Supervisors and operators work any fault
   * in scope; an engineer only one dispatched to them, or not yet dispatched and covered by a rota they
   * are on (403 otherwise: they may see it, not work it).
   */
  async act(actor: Actor, id: string, action: PersonAction): Promise<FaultView> {
    const permission = ACTION_PERMISSION[action.type]!;
    const fault = await this.visible(actor, permission, id);
    await this.requireWorker(actor, permission, fault);
    if (action.type === 'dispatch') await this.requireAssignee(action.assigneeId, fault);
    return this.view(await this.apply(fault, action, actor));
  }

  /**
   * Acknowledges many faults with one plan (an outage's members, a page of rows), in one transaction. Every
   * fault is checked first as `act` checks one (404 outside the scope, 403 an engineer's fault not theirs) and
   * nothing changes unless all pass; faults already past `open` are left as they are and named.
   */
  async acknowledgeMany(actor: Actor, ids: readonly string[], plan: string | null): Promise<BulkAcknowledgement> {
    await this.access.require(actor, 'fault.acknowledge');
    const faults: Fault[] = [];
    for (const id of new Set(ids)) faults.push(await this.visible(actor, 'fault.acknowledge', id));
    const rotas = actor.role === 'engineer' && faults.some((f) => f.assigneeId === null) ? await this.rotas.list() : [];
    for (const fault of faults) await this.requireWorker(actor, 'fault.acknowledge', fault, rotas);
    return this.tx.run(async () => {
      const result: BulkAcknowledgement = { acknowledged: [], skipped: [] };
      for (const fault of faults) {
        const current = (await this.faults.findByIdForUpdate(fault.id)) ?? fault;
        if (current.state !== 'open') {
          result.skipped.push({ id: fault.id, state: current.state });
          continue;
        }
        await this.apply(current, { type: 'acknowledge', plan }, actor);
        result.acknowledged.push(fault.id);
      }
      return result;
    });
  }

  /** Supervisors and operators work any fault in scope; an engineer only one dispatched to them, or undispatched on their rota (403). */
  private async requireWorker(actor: Actor, permission: Permission, fault: Fault, rotas?: OnCallRota[]): Promise<void> {
    if (actor.role !== 'engineer') return;
    if (engineerMayWork(fault, actor.userId, fault.assigneeId === null ? (rotas ?? (await this.rotas.list())) : [])) return;
    await this.access.forbid(
      actor,
      permission,
      'fault',
      fault.id,
      fault.assigneeId === null ? 'this fault is not dispatched to you and no rota of yours covers it' : 'this fault is dispatched to someone else',
    );
  }

  /** The assignee works the fault: an active engineer or supervisor whose own scope covers its site. */
  private async requireAssignee(assigneeId: string, fault: Fault): Promise<void> {
    const user = await this.users.findById(assigneeId);
    if (!user || !user.active) throw new InputError('assigneeId', `user ${assigneeId} does not exist`);
    if (user.role !== 'engineer' && user.role !== 'supervisor') throw new InputError('assigneeId', 'must be an engineer or a supervisor');
    const sites = await this.access.siteIdsIn(user.scope);
    if (sites !== null && !sites.includes(fault.siteId)) throw new InputError('assigneeId', `user ${user.username} has no scope over the fault's site`);
  }

  /** The faults in the actor's scope that match; a filter naming something outside it matches nothing. */
  async list(actor: Actor, filter: Omit<FaultFilter, 'siteIds'>, page: PageRequest): Promise<Page<FaultView>> {
    return this.listWithin({ ...filter, siteIds: await this.access.siteFilter(actor, 'fault.read') }, page);
  }

  /** For callers that asked the policy themselves: `filter.siteIds` is the scope they were given. */
  async listWithin(filter: FaultFilter, page: PageRequest): Promise<Page<FaultView>> {
    const found = await this.faults.list(filter, page);
    const asOf = this.clock.now();
    return { items: await Promise.all(found.items.map((f) => this.view(f, asOf))), total: found.total };
  }

  /** One fault with its history, the devices its outage lists, its notifications and who it is dispatched to (by name, for people). */
  async get(
    actor: Actor,
    id: string,
  ): Promise<FaultView & { history: FaultHistoryEntry[]; affected: string[]; notifications: unknown[]; assignee: { id: string; name: string } | null }> {
    const fault = await this.visible(actor, 'fault.read', id);
    const [history, affected, notifications, assignee] = await Promise.all([
      this.faults.history(id),
      this.faults.affectedOf(id),
      this.notifications.forFault(id),
      fault.assigneeId ? this.users.findById(fault.assigneeId) : null,
    ]);
    const named = fault.assigneeId ? { id: fault.assigneeId, name: assignee?.displayName ?? assignee?.username ?? fault.assigneeId } : null;
    return { ...(await this.view(fault)), history, affected, notifications, assignee: named };
  }

  async summary(actor: Actor): Promise<Record<FaultLevel, number>> {
    return this.openCountsWithin(await this.access.siteFilter(actor, 'fault.read'));
  }

  /** Open faults by level at these sites (null: all): for the live feed, whose rooms the policy drew. */
  openCountsWithin(siteIds: string[] | null): Promise<Record<FaultLevel, number>> {
    return this.faults.countOpenByLevel(siteIds);
  }

  /** A fault in the actor's scope: the role first, then the fault's site (404 outside, as if it did not exist). */
  async visible(actor: Actor, permission: Permission, id: string): Promise<Fault> {
    await this.access.require(actor, permission);
    const fault = await this.require(id);
    await this.access.requireSite(actor, permission, fault.siteId, 'fault', id);
    return fault;
  }

  async require(id: string): Promise<Fault> {
    const fault = await this.faults.findById(id);
    if (!fault) throw new NotFoundError('fault', id);
    return fault;
  }

  /**
   * The fault's SLA as of now, from its recorded history; a closed fault shows the outcome recorded
   * when it closed, so a later change of the contract's policy does not rewrite it.
   */
  async view(fault: Fault, asOf = this.clock.now()): Promise<FaultView> {
    if (fault.state === 'closed') {
      const recorded = await this.faults.slaRecordOf(fault.id);
      if (recorded) return this.recordedView(fault, reviveSla(recorded));
    }
    return this.compute(fault, asOf);
  }

  /** What a fault closed with; one that closed counting a year as weekdays is recomputed, once, when that year's calendar is loaded. */
  private async recordedView(fault: Fault, recorded: FaultSla): Promise<FaultView> {
    if (recorded.calendarMissing.length === 0) return { ...fault, sla: recorded };
    const fresh = await this.compute(fault);
    if (!fresh.sla || recorded.calendarMissing.every((year) => fresh.sla!.calendarMissing.includes(year))) return { ...fault, sla: recorded };
    await this.faults.recordSla(fault.id, fresh.sla);
    return fresh;
  }

  /** A live clock keeps running through a year without a holiday calendar, on weekdays, flagged on its SLA. */
  private async compute(fault: Fault, asOf = this.clock.now()): Promise<FaultView> {
    try {
      const { policy, calendar } = await this.context.forContract(fault.contractId ?? undefined);
      return { ...fault, sla: evaluateFaultSla(fault, policy, calendar.assumingWeekdays(), asOf) };
    } catch {
      // a region outside the policy: the fault is shown, its SLA is not guessed
      return { ...fault, sla: null };
    }
  }

  private async history(fault: Fault, type: string, actor: Actor | null, detail: Record<string, unknown> | null): Promise<void> {
    await this.faults.appendHistory({ faultId: fault.id, at: fault.updatedAt, type, actor: actor?.username ?? null, role: actor?.role ?? null, detail });
  }

  private announce(type: FaultNoticeType, fault: Fault): void {
    this.tx.afterCommit(() => this.notices.publish({ type, fault }));
  }
}
