import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  applyFaultAction, classifyFault, evaluateSla, faultSlaEvents, openFaultKey, targetsFor,
  type Actor, type Device, type Fault, type FaultAction, type FaultKind, type FaultLevel, type Page, type PageRequest, type ReportChannel, type SlaOutcome,
} from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { InputError, NotFoundError } from '../errors';
import { ClockPort, DeviceRepository, FaultRepository, NotificationLog, TransactionRunner, UserRepository, type FaultFilter, type FaultHistoryEntry } from '../ports';
import { AlertPlanner } from '../alerting/alert-planner';
import { FaultContextService } from './fault-context.service';
import { FaultNotices, type FaultNoticeType } from './fault-notices';

export type FaultView = Fault & { sla: SlaOutcome | null };

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
  ) {}

  /** Opens a fault unless one is open for the same device, kind and subject; answers null then. */
  async open(input: Omit<Fault, 'id' | 'level' | 'state' | 'region' | 'contractId' | 'acknowledgedAt' | 'dispatchedAt' | 'arrivedAt' | 'restoredAt' | 'repairedAt' | 'closedAt' | 'clearedAt' | 'resolution' | 'pauses' | 'updatedAt' | 'plan' | 'assigneeId'> & { device: Device | null; reportedLevel?: FaultLevel }, actor: Actor | null): Promise<Fault | null> {
    const { device, reportedLevel, ...fields } = input;
    const ctx = await this.context.forSite(fields.siteId);
    const level = classifyFault(ctx.rules, {
      kind: fields.kind, deviceType: device?.type ?? null, criticality: device?.criticality ?? null, siteId: fields.siteId,
      at: fields.openedAt, affectedCount: fields.affectedCount, reportedLevel,
    });
    const fault: Fault = {
      ...fields, id: randomUUID(), level, state: 'open', region: ctx.site.region, contractId: ctx.contract?.id ?? null,
      acknowledgedAt: null, dispatchedAt: null, arrivedAt: null, restoredAt: null, repairedAt: null, closedAt: null, clearedAt: null,
      resolution: null, pauses: [], plan: null, assigneeId: null, updatedAt: fields.openedAt,
    };
    return this.tx.run(async () => {
      if (!(await this.faults.insertOpen(fault))) return null;
      await this.history(fault, 'opened', actor, { level, kind: fault.kind, subject: fault.subject, affectedCount: fault.affectedCount });
      if (actor) await this.audit.record(actor, 'create', 'fault', fault.id, null, fault);
      await this.planner.planOpened(fault);
      await this.planner.planChanged(fault, (await this.view(fault)).sla);
      this.announce('opened', fault);
      return fault;
    });
  }

  findOpen(key: string): Promise<Fault | null> {
    return this.faults.findOpenByKey(key);
  }

  /** Applies a lifecycle action and records it; the caller has checked who may. */
  async apply(fault: Fault, action: FaultAction, actor: Actor | null, at = this.clock.now()): Promise<Fault> {
    const next = applyFaultAction(fault, action, at);
    return this.tx.run(async () => {
      await this.faults.update(next);
      const { type, ...detail } = action;
      await this.history(next, type, actor, Object.keys(detail).length > 0 ? detail : null);
      if (actor) await this.audit.record(actor, 'update', 'fault', fault.id, fault, next);
      await this.planner.planChanged(next, (await this.view(next)).sla);
      this.announce(next.state === 'closed' ? 'cleared' : 'updated', next);
      return next;
    });
  }

  /** Saves a change the engine made (affected count, parent link) with a history line. */
  async amend(fault: Fault, historyType: string, detail: Record<string, unknown>): Promise<void> {
    await this.tx.run(async () => {
      await this.faults.update(fault);
      await this.history(fault, historyType, null, detail);
      await this.planner.planChanged(fault, (await this.view(fault)).sla);
      this.announce(fault.state === 'closed' ? 'cleared' : 'updated', fault);
    });
  }

  async report(actor: Actor, input: FaultReport): Promise<FaultView> {
    const device = input.deviceId ? await this.devices.findById(input.deviceId) : null;
    if (input.deviceId && !device) throw new InputError('deviceId', `device ${input.deviceId} is not registered`);
    if (device && device.siteId !== input.siteId) throw new InputError('deviceId', `device ${device.id} is not at site ${input.siteId}`);
    const opened = await this.open({
      device, deviceId: device?.id ?? null, siteId: input.siteId, kind: input.kind, subject: null, source: 'report', parentFaultId: null,
      affectedCount: 0, description: input.description, reporter: input.reporter, channel: input.channel, patrolId: null,
      openedAt: this.clock.now(), reportedLevel: input.level,
    }, actor);
    if (!opened) {
      const existing = await this.faults.findOpenByKey(openFaultKey({ deviceId: device?.id ?? null, siteId: input.siteId, kind: input.kind, subject: null }));
      throw new InputError('kind', `fault ${existing?.id ?? ''} is already open for this ${device ? 'device' : 'site'} and kind`);
    }
    return this.view(opened);
  }

  async act(actor: Actor, id: string, action: FaultAction): Promise<FaultView> {
    const fault = await this.require(id);
    if (action.type === 'dispatch') {
      const user = await this.users.findById(action.assigneeId);
      if (!user || !user.active) throw new InputError('assigneeId', `user ${action.assigneeId} does not exist`);
      if (user.role !== 'engineer' && user.role !== 'supervisor') throw new InputError('assigneeId', 'must be an engineer or a supervisor');
    }
    if ((action.type === 'arrive') && actor.role === 'engineer' && fault.assigneeId !== actor.userId) {
      throw new InputError('fault', 'is dispatched to another engineer');
    }
    return this.view(await this.apply(fault, action, actor));
  }

  async list(filter: FaultFilter, page: PageRequest): Promise<Page<FaultView>> {
    const found = await this.faults.list(filter, page);
    const asOf = this.clock.now();
    return { items: await Promise.all(found.items.map((f) => this.view(f, asOf))), total: found.total };
  }

  async get(id: string): Promise<FaultView & { history: FaultHistoryEntry[]; affected: string[]; notifications: unknown[] }> {
    const fault = await this.require(id);
    const [history, affected, notifications] = await Promise.all([this.faults.history(id), this.faults.affectedOf(id), this.notifications.forFault(id)]);
    return { ...(await this.view(fault)), history, affected, notifications };
  }

  summary(): Promise<Record<FaultLevel, number>> {
    return this.faults.countOpenByLevel();
  }

  async require(id: string): Promise<Fault> {
    const fault = await this.faults.findById(id);
    if (!fault) throw new NotFoundError('fault', id);
    return fault;
  }

  /** The fault's SLA as of now (or when it closed), from its recorded history. */
  async view(fault: Fault, asOf = this.clock.now()): Promise<FaultView> {
    try {
      const { policy, calendar } = await this.context.forContract(fault.contractId ?? undefined);
      const sla = evaluateSla({
        targets: targetsFor(policy, fault.level, fault.region), repairMode: policy.repairMode, calendar,
        openedAt: fault.openedAt, events: faultSlaEvents(fault), asOf: fault.closedAt ?? asOf,
      });
      return { ...fault, sla };
    } catch {
      // a region outside the policy or a year without a calendar: the fault is shown, its SLA is not guessed
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
