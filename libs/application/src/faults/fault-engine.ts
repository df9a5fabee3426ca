import { Inject, Injectable, Logger } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import {
  classifyFault, correlationHoldSec, DEFAULT_FAULT_RULES, FlapDetector, openFaultKey,
  type Device, type Fault, type FaultKind, type StoredDeviceEvent,
} from '@vigil/domain';
import { DeviceEventBus, type EventConsumer } from '../events/device-event-bus';
import { ClockPort, DeviceRepository, FaultRepository, ScheduledActions, type ScheduledAction } from '../ports';
import { ScheduledActionRunner } from '../scheduling/scheduled-action-runner';
import { FaultContextService } from './fault-context.service';
import { FaultService } from './fault.service';

const MAX_DEPTH = 8;
const offlineKey = (d: Pick<Device, 'id' | 'siteId'>) => openFaultKey({ deviceId: d.id, siteId: d.siteId, kind: 'offline', subject: null });

/**
 * Turns device events into faults: conditions open and clear their faults; silence is held briefly so
 * that devices behind a silent parent join the parent's fault instead of opening one each; a flapping
 * device gets one flapping fault instead of a fault per change.
 */
@Injectable()
export class FaultEngine {
  private readonly logger = new Logger(FaultEngine.name);
  private readonly flaps: FlapDetector;
  private consumer: EventConsumer | null = null;

  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly bus: DeviceEventBus,
    private readonly runner: ScheduledActionRunner,
    private readonly actions: ScheduledActions,
    private readonly devices: DeviceRepository,
    private readonly faults: FaultRepository,
    private readonly service: FaultService,
    private readonly context: FaultContextService,
    private readonly clock: ClockPort,
  ) {
    const { changes, windowMinutes } = DEFAULT_FAULT_RULES.flapping;
    this.flaps = new FlapDetector(changes, windowMinutes * 60_000);
  }

  start(): void {
    this.runner.register('offline-check', (a) => this.checkOffline(a));
    this.runner.register('flap-settle', (a) => this.settleFlapping(a));
    this.consumer = this.bus.consume('faults', (events) => this.handle(events));
    void this.consumer.drain();
  }

  stop(): void {
    this.consumer?.stop();
  }

  /** Catches up with the event log; answers when every event so far is handled (tests). */
  drain(): Promise<void> {
    return this.consumer?.drain() ?? Promise.resolve();
  }

  async handle(events: StoredDeviceEvent[]): Promise<void> {
    for (const event of events) {
      if (!this.concerns(event)) continue;
      const device = await this.devices.findById(event.deviceId);
      if (device) await this.onEvent(device, event);
    }
  }

  /** First contact (unknown → online) and firmware changes make no fault: skip them without a lookup. */
  private concerns(e: StoredDeviceEvent): boolean {
    const c = e.change;
    if (c.kind === 'status-changed') return c.to === 'offline' || c.from === 'offline';
    if (c.kind === 'condition-raised' || c.kind === 'condition-cleared') return c.condition.kind !== 'offline';
    return false;
  }

  private async onEvent(device: Device, e: StoredDeviceEvent): Promise<void> {
    const c = e.change;
    // silence comes as a status change and goes through correlation; its 'offline' condition is not a fault of its own (see concerns)
    if (c.kind === 'condition-raised') {
      await this.service.open(this.fields(device, c.condition.kind, c.condition.subject ?? null, e.at), null);
    } else if (c.kind === 'condition-cleared') {
      await this.clear(openFaultKey({ deviceId: device.id, siteId: device.siteId, kind: c.condition.kind, subject: c.condition.subject ?? null }), e.at);
    } else if (c.kind === 'status-changed' && (c.to === 'offline' || c.from === 'offline')) {
      const { flapping: limits } = (await this.context.forSite(device.siteId)).rules;
      const flapping = c.from !== 'unknown' && this.flaps.record(device.id, e.at, limits.changes, limits.windowMinutes * 60_000);
      if (c.to === 'offline') await this.wentSilent(device, e.at, flapping);
      else await this.cameBack(device, e.at);
      if (flapping) await this.flapping(device, e.at);
    }
  }

  private async wentSilent(device: Device, at: Date, flapping: boolean): Promise<void> {
    if (flapping || (await this.faults.findOpenByKey(openFaultKey({ deviceId: device.id, siteId: device.siteId, kind: 'flapping', subject: null })))) return;
    const ancestors = await this.ancestors(device);
    const hold = correlationHoldSec(ancestors.map((a) => a.heartbeatIntervalSec));
    if (hold === 0) await this.decide(device, at);
    else await this.actions.schedule(`offline-check:${device.id}:0`, 'offline-check', new Date(at.getTime() + hold * 1000), { deviceId: device.id, tries: 0 });
  }

  private async checkOffline(action: ScheduledAction): Promise<void> {
    const device = await this.devices.findById(String(action.payload.deviceId));
    if (!device || device.status !== 'offline') return;
    const tries = Number(action.payload.tries ?? 0);
    const decided = await this.decide(device, this.clock.now(), tries >= 30);
    // its parent is silent but has no fault yet (its own hold is running): look again shortly
    if (!decided) await this.actions.schedule(`offline-check:${device.id}:${tries + 1}`, 'offline-check', new Date(this.clock.now().getTime() + 2000), { deviceId: device.id, tries: tries + 1 });
  }

  /** Joins the fault of a silent ancestor, or opens the device's own; false when an ancestor's fault is still to come. */
  private async decide(device: Device, at: Date, force = false): Promise<boolean> {
    if ((await this.faults.findOpenByKey(offlineKey(device))) || (await this.faults.faultAffecting(device.id))) return true;
    const silentAncestor = (await this.ancestors(device)).find((a) => a.status === 'offline');
    if (silentAncestor && !force) {
      const root = (await this.faults.findOpenByKey(offlineKey(silentAncestor)))?.id ?? (await this.faults.faultAffecting(silentAncestor.id));
      if (!root) return false;
      await this.join(root, device, at);
      await this.checkWholeSite(device.siteId, at);
      return true;
    }
    const fault = await this.service.open(this.fields(device, 'offline', null, at), null, await this.groupWaitMs(device));
    if (fault) await this.absorbDescendants(fault, device, at);
    await this.checkWholeSite(device.siteId, at);
    return true;
  }

  /** A whole site silent (every heartbeat device of it, two or more) raises its silence faults to the site-offline level. */
  private async checkWholeSite(siteId: string, at: Date): Promise<void> {
    const { total, offline } = await this.devices.heartbeatCounts(siteId);
    if (total < 2 || offline < total) return;
    const { rules } = await this.context.forSite(siteId);
    const open = await this.faults.list({ siteId, kind: 'offline', state: 'open' }, {});
    for (const fault of open.items.filter((f) => f.level > rules.siteOfflineLevel)) {
      await this.service.apply(fault, { type: 'set-level', level: rules.siteOfflineLevel }, null, at);
    }
  }

  private async join(faultId: string, device: Device, at: Date): Promise<void> {
    const fault = await this.faults.findById(faultId);
    if (!fault || fault.state === 'closed') return;
    await this.faults.addAffected(fault.id, device.id, at);
    await this.recount(fault, { joined: device.id });
  }

  private async absorbDescendants(fault: Fault, device: Device, at: Date): Promise<void> {
    let frontier = [device.id];
    for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth += 1) {
      const children = (await Promise.all(frontier.map((id) => this.devices.list({ parentId: id }, {})))).flatMap((p) => p.items);
      const silent = children.filter((c) => c.status === 'offline');
      for (const own of await this.faults.openOfDevices(silent.map((c) => c.id), 'offline')) {
        await this.service.apply(own, { type: 'close', resolution: `joined the fault of ${device.id} (${fault.id})`, repaired: false }, null, at);
      }
      for (const child of silent) await this.faults.addAffected(fault.id, child.id, at);
      frontier = children.map((c) => c.id);
    }
    await this.recount(fault, {});
  }

  private async recount(fault: Fault, detail: Record<string, unknown>): Promise<void> {
    const affectedCount = (await this.faults.affectedOf(fault.id)).length;
    if (affectedCount === fault.affectedCount) return;
    const { rules } = await this.context.forSite(fault.siteId);
    const device = fault.deviceId ? await this.devices.findById(fault.deviceId) : null;
    const classified = classifyFault(rules, {
      kind: fault.kind, deviceType: device?.type ?? null, criticality: device?.criticality ?? null, siteId: fault.siteId, at: fault.openedAt, affectedCount,
    });
    await this.service.amend(
      fault.id,
      (current) => (current.state === 'closed' ? null : { ...current, affectedCount, level: Math.min(current.level, classified) as Fault['level'], updatedAt: this.clock.now() }),
      'affected',
      (next) => ({ ...detail, affectedCount, level: next.level }),
    );
  }

  /**
   * How long the first alert of a silent parent waits (Alertmanager's group_wait): the devices behind
   * it notice the silence one window of their own later and are held one parent interval before they
   * join, so the alert names how many went with it. Two minutes at most.
   */
  private async groupWaitMs(device: Device): Promise<number> {
    const window = (intervalSec: number) => intervalSec * this.config.missedHeartbeats * 1000;
    let slowest = 0;
    let frontier = [device.id];
    // every device below it, not only the next layer: the cameras behind the NVR behind the switch
    for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0 && frontier.length < 5000; depth += 1) {
      const children = (await Promise.all(frontier.map((id) => this.devices.list({ parentId: id }, {})))).flatMap((p) => p.items);
      for (const c of children) slowest = Math.max(slowest, window(c.heartbeatIntervalSec));
      frontier = children.map((c) => c.id);
    }
    if (slowest === 0) return 0;
    const wait = Math.max(0, slowest - window(device.heartbeatIntervalSec)) + (device.heartbeatIntervalSec + 1) * 1000 + 3000;
    return Math.min(wait, 120_000);
  }

  private async cameBack(device: Device, at: Date): Promise<void> {
    await this.actions.cancel(`offline-check:${device.id}:`);
    for (const faultId of await this.faults.removeAffected(device.id)) {
      const fault = await this.faults.findById(faultId);
      if (fault && fault.state !== 'closed') await this.recount(fault, { recovered: device.id });
    }
    const own = await this.faults.findOpenByKey(offlineKey(device));
    if (!own) return;
    const behind = await this.faults.affectedOf(own.id);
    await this.faults.clearAffected(own.id);
    await this.service.apply(own, { type: 'clear' }, null, at);
    // devices behind it get the time to report back; those that do not get faults of their own
    for (const child of await this.devices.findByIds(behind)) {
      if (child.status !== 'offline') continue;
      const grace = child.heartbeatIntervalSec * this.config.missedHeartbeats + 2;
      await this.actions.schedule(`offline-check:${child.id}:0`, 'offline-check', new Date(at.getTime() + grace * 1000), { deviceId: child.id, tries: 0 });
    }
  }

  private async flapping(device: Device, at: Date): Promise<void> {
    await this.service.open(this.fields(device, 'flapping', null, at), null);
    const offline = await this.faults.findOpenByKey(offlineKey(device));
    if (offline) await this.service.apply(offline, { type: 'close', resolution: 'replaced by a flapping fault', repaired: false }, null, at);
    await this.actions.cancel(`offline-check:${device.id}:`);
    await this.scheduleSettle(device, at);
  }

  private async flapWindowMs(siteId: string): Promise<number> {
    return (await this.context.forSite(siteId)).rules.flapping.windowMinutes * 60_000;
  }

  private async scheduleSettle(device: Device, from: Date): Promise<void> {
    const windowMs = await this.flapWindowMs(device.siteId);
    await this.actions.schedule(`flap-settle:${device.id}`, 'flap-settle', new Date(from.getTime() + windowMs + 1000), { deviceId: device.id });
  }

  private async settleFlapping(action: ScheduledAction): Promise<void> {
    const device = await this.devices.findById(String(action.payload.deviceId));
    if (!device) return;
    const now = this.clock.now();
    if (!this.flaps.settle(device.id, now, await this.flapWindowMs(device.siteId))) {
      await this.scheduleSettle(device, this.flaps.lastChange(device.id) ?? now);
      return;
    }
    await this.clear(openFaultKey({ deviceId: device.id, siteId: device.siteId, kind: 'flapping', subject: null }), now);
    if (device.status === 'offline') await this.decide(device, now);
  }

  private async clear(key: string, at: Date): Promise<void> {
    const fault = await this.faults.findOpenByKey(key);
    if (fault) await this.service.apply(fault, { type: 'clear' }, null, at);
  }

  private async ancestors(device: Device): Promise<Device[]> {
    const chain: Device[] = [];
    for (let id = device.parentId, depth = 0; id && depth < MAX_DEPTH; depth += 1) {
      const parent = await this.devices.findById(id);
      if (!parent || chain.some((c) => c.id === parent.id)) break;
      chain.push(parent);
      id = parent.parentId;
    }
    return chain;
  }

  private fields(device: Device, kind: FaultKind, subject: string | null, at: Date) {
    return {
      device, deviceId: device.id, siteId: device.siteId, kind, subject, source: 'health' as const, parentFaultId: null, affectedCount: 0,
      description: null, reporter: null, channel: null, patrolId: null, openedAt: at,
    };
  }
}
