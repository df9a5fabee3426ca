import { Inject, Injectable, Logger } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import {
  applyFaultAction,
  classifyFault,
  darkSiteOutage,
  estateHoldMs,
  DEFAULT_FAULT_RULES,
  FlapDetector,
  isDarkCount,
  openFaultKey,
  OUTAGE_HOLD_MS,
  outageMembers,
  outageWaitMs,
  sendsHeartbeats,
  silenceRoot,
  stragglerGraceMs,
  stragglersInOrder,
  type Device,
  type Fault,
  type FaultKind,
  type FaultRules,
  type OutageDevice,
  type StoredDeviceEvent,
} from '@vigil/domain';
import { DeviceEventBus, type EventConsumer } from '../events/device-event-bus';
import { ClockPort, DeviceRepository, FaultRepository, ScheduledActions, type ScheduledAction } from '../ports';
import { ScheduledActionRunner } from '../scheduling/scheduled-action-runner';
import { AlertPlanner } from '../alerting/alert-planner';
import { FaultContextService } from './fault-context.service';
import { FaultService } from './fault.service';

const MAX_DEPTH = 8;
const offlineKey = (d: Pick<Device, 'id' | 'siteId'>) => openFaultKey({ deviceId: d.id, siteId: d.siteId, kind: 'offline', subject: null });

/**
 * Turns device events into faults: conditions open and clear their faults; devices silent together
 * (behind a silent parent, or a whole site dark) make one fault of the outage, listing them all, and
 * members back update it until the last one clears it; a flapping device gets one flapping fault
 * instead of a fault per change.
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
    private readonly planner: AlertPlanner,
  ) {
    const { changes, windowMinutes } = DEFAULT_FAULT_RULES.flapping;
    this.flaps = new FlapDetector(changes, windowMinutes * 60_000);
  }

  start(): void {
    this.runner.register('offline-check', (a) => this.checkOffline(a));
    this.runner.register('flap-settle', (a) => this.settleFlapping(a));
    this.runner.register('outage-settle', (a) => this.settleOutage(a));
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

  /**
   * The devices of a batch are read in one query, and each site's flapping limits once per batch: a
   * restart or an estate coming back is thousands of events, and these reads were most of their queries.
   */
  async handle(events: StoredDeviceEvent[]): Promise<void> {
    const relevant = events.filter((e) => this.concerns(e));
    if (relevant.length === 0) return;
    const devices = new Map((await this.devices.findByIds([...new Set(relevant.map((e) => e.deviceId))])).map((d) => [d.id, d]));
    const limits = new Map<string, Promise<FaultRules['flapping']>>();
    const flappingAt = (siteId: string) => {
      let known = limits.get(siteId);
      if (!known) limits.set(siteId, (known = this.context.forSite(siteId).then((c) => c.rules.flapping)));
      return known;
    };
    for (const event of relevant) {
      const device = devices.get(event.deviceId);
      if (device) await this.onEvent(device, event, flappingAt);
    }
  }

  /** First contact (unknown → online) and firmware changes make no fault: skip them without a lookup. */
  private concerns(e: StoredDeviceEvent): boolean {
    const c = e.change;
    if (c.kind === 'status-changed') return c.to === 'offline' || c.from === 'offline';
    if (c.kind === 'condition-raised' || c.kind === 'condition-cleared') return c.condition.kind !== 'offline';
    return false;
  }

  private async onEvent(device: Device, e: StoredDeviceEvent, flappingAt: (siteId: string) => Promise<FaultRules['flapping']>): Promise<void> {
    const c = e.change;
    // silence comes as a status change and goes through correlation; its 'offline' condition is not a fault of its own (see concerns)
    if (c.kind === 'condition-raised') {
      await this.service.open(this.fields(device, c.condition.kind, c.condition.subject ?? null, e.at), null);
    } else if (c.kind === 'condition-cleared') {
      await this.clear(openFaultKey({ deviceId: device.id, siteId: device.siteId, kind: c.condition.kind, subject: c.condition.subject ?? null }), e.at);
    } else if (c.kind === 'status-changed' && (c.to === 'offline' || c.from === 'offline')) {
      const limits = await flappingAt(device.siteId);
      const flapping = c.from !== 'unknown' && this.flaps.record(device.id, e.at, limits.changes, limits.windowMinutes * 60_000);
      if (c.to === 'offline') await this.wentSilent(device, e.at);
      else await this.cameBack(device, e.at);
      if (flapping) await this.flapping(device, e.at);
    }
  }

  /** Every silence is decided a moment after its deadline, so devices that failed together are decided together. */
  private async wentSilent(device: Device, at: Date): Promise<void> {
    await this.actions.schedule(`offline-check:${device.id}:0`, 'offline-check', new Date(at.getTime() + OUTAGE_HOLD_MS), { deviceId: device.id, tries: 0 });
  }

  private async checkOffline(action: ScheduledAction): Promise<void> {
    const device = await this.devices.findById(String(action.payload.deviceId));
    if (!device || device.status !== 'offline') return;
    const tries = Number(action.payload.tries ?? 0);
    const decided = await this.decide(device, this.clock.now(), tries >= 30);
    // its root is silent but has no fault yet (its own decision is still to come): look again shortly
    if (!decided)
      await this.actions.schedule(`offline-check:${device.id}:${tries + 1}`, 'offline-check', new Date(this.clock.now().getTime() + 2000), {
        deviceId: device.id,
        tries: tries + 1,
      });
  }

  /**
   * Puts a silent device into its outage (CONTRACT.md "Outages"): the whole site's when it is dark, else
   * the fault of the highest silent device above it, else a fault of its own. False while its root's
   * fault is still to come; `force` opens its own fault then.
   */
  private async decide(device: Device, at: Date, force = false): Promise<boolean> {
    if (await this.covered(device)) return true;
    const counts = await this.devices.heartbeatCounts(device.siteId);
    if (isDarkCount(counts.total, counts.offline)) {
      await this.siteWentDark(device.siteId, at, counts.maxIntervalSec);
      return true;
    }
    const chain = await this.ancestors(device);
    const silent = new Set([device, ...chain].filter((d) => d.status === 'offline').map((d) => d.id));
    const parentOf = new Map([device, ...chain].map((d) => [d.id, d.parentId]));
    const rootId = silenceRoot(
      device.id,
      (id) => parentOf.get(id) ?? null,
      (id) => silent.has(id),
    );
    if (rootId !== device.id && !force) {
      const outage = await this.outageFaultOf(rootId);
      if (!outage) return false;
      await this.list(outage, [device.id], at, { joined: device.id });
      return true;
    }
    const view = await this.viewBelow(device);
    const members = outageMembers({ kind: 'device', deviceId: device.id }, view);
    // a flapping device alone in its silence has its flapping fault; one that takes others with it is an outage
    if (members.length === 0 && (await this.faults.findOpenByKey(openFaultKey({ deviceId: device.id, siteId: device.siteId, kind: 'flapping', subject: null })))) return true;
    // what could still join: the rest of its site, a parent with a longer window, the devices behind it
    const others = [...(counts.total > 1 ? [counts.maxIntervalSec] : []), ...chain.map((a) => a.heartbeatIntervalSec), ...view.slice(1).map((d) => d.intervalSec)];
    const wait = outageWaitMs(device.heartbeatIntervalSec, others, this.config.missedHeartbeats);
    const fault = (await this.service.open(this.fields(device, 'offline', null, at), null, wait)) ?? (await this.faults.findOpenByKey(offlineKey(device)));
    if (fault) await this.list(fault, members, at, {});
    return true;
  }

  /** Whether the device's silence is already in a fault: its own, or an open outage that lists it. */
  private async covered(device: Device): Promise<boolean> {
    return (await this.faults.findOpenByKey(offlineKey(device))) !== null || (await this.faults.faultAffecting(device.id)) !== null;
  }

  /** The open fault of the outage a silent device explains: its own, or the one it is listed in. */
  private async outageFaultOf(deviceId: string): Promise<Fault | null> {
    const root = await this.devices.findById(deviceId);
    if (!root) return null;
    const own = await this.faults.findOpenByKey(offlineKey(root));
    if (own) return own;
    const listing = await this.faults.faultAffecting(deviceId);
    return listing ? this.faults.findById(listing) : null;
  }

  /**
   * A dark site is one outage: the fault of the one device that explains it, or one fault of the site.
   * Recognised by the first of its silences decided, so the rest only find themselves listed.
   */
  private async siteWentDark(siteId: string, at: Date, siteMaxIntervalSec: number): Promise<void> {
    // the rest of the estate may be going dark too: its later outages then go out in the same page
    const hold = estateHoldMs(siteMaxIntervalSec, await this.devices.heartbeatsElsewhere(siteId), this.config.missedHeartbeats);
    const view = await this.siteView(siteId);
    const outage = darkSiteOutage(view, siteId);
    const members = outageMembers(outage, view);
    let fault: Fault | null;
    if (outage.kind === 'site') {
      const key = openFaultKey({ deviceId: null, siteId, kind: 'site-offline', subject: null });
      fault =
        (await this.faults.findOpenByKey(key)) ??
        (await this.service.open(
          {
            ...this.fields(null, 'site-offline', null, at),
            siteId,
            affectedCount: members.length,
            siteDark: true,
          },
          null,
          hold,
        )) ??
        (await this.faults.findOpenByKey(key));
    } else {
      const root = await this.devices.findById(outage.deviceId);
      if (!root) return;
      fault =
        (await this.faults.findOpenByKey(offlineKey(root))) ??
        (await this.service.open({ ...this.fields(root, 'offline', null, at), affectedCount: members.length, siteDark: true }, null, hold)) ??
        (await this.faults.findOpenByKey(offlineKey(root)));
    }
    if (!fault) return;
    await this.list(fault, members, at, {}, true);
    await this.planner.firstAlertBy(fault.id, new Date(this.clock.now().getTime() + hold));
  }

  /**
   * Lists the members on the outage's fault; their own silence faults (opened before the outage was
   * known, alerts still held) close as part of it and no longer count on their own.
   */
  private async list(fault: Fault, memberIds: string[], at: Date, detail: Record<string, unknown>, siteDark = false): Promise<void> {
    const absorbed = (await this.faults.openOfDevices(memberIds, 'offline')).filter((f) => f.id !== fault.id);
    for (const own of absorbed) {
      await this.faults.clearAffected(own.id);
      await this.service.amend(
        own.id,
        (current) =>
          current.state === 'closed'
            ? null
            : { ...applyFaultAction(current, { type: 'close', resolution: `part of the outage ${fault.id}`, repaired: false }, at), parentFaultId: fault.id },
        'joined',
        () => ({ outage: fault.id }),
      );
    }
    await this.faults.addAffected(fault.id, memberIds, at);
    await this.recount(fault, detail, siteDark);
  }

  private async recount(fault: Fault, detail: Record<string, unknown>, siteDark = false): Promise<void> {
    const affectedCount = await this.faults.countAffected(fault.id);
    const { rules } = await this.context.forSite(fault.siteId);
    const device = fault.deviceId ? await this.devices.findById(fault.deviceId) : null;
    const level = classifyFault(rules, {
      kind: fault.kind,
      deviceType: device?.type ?? null,
      criticality: device?.criticality ?? null,
      siteId: fault.siteId,
      at: fault.openedAt,
      affectedCount,
      siteDark,
    });
    await this.service.amend(
      fault.id,
      (current) => {
        if (current.state === 'closed' || (current.affectedCount === affectedCount && current.level <= level)) return null;
        return { ...current, affectedCount, level: Math.min(current.level, level) as Fault['level'], updatedAt: this.clock.now() };
      },
      'affected',
      (next) => ({ ...detail, affectedCount, level: next.level }),
    );
  }

  /**
   * A device is heard again: the outages it was in are updated; one whose members are all back clears,
   * one with members still silent gives them their grace and then faults of their own.
   */
  private async cameBack(device: Device, at: Date): Promise<void> {
    await this.actions.cancel(`offline-check:${device.id}:`);
    const touched = new Set(await this.faults.removeAffected(device.id));
    const own = await this.faults.findOpenByKey(offlineKey(device));
    if (own) touched.add(own.id);
    for (const id of touched) await this.outageChanged(id, { recovered: device.id }, at);
  }

  private async outageChanged(faultId: string, detail: Record<string, unknown>, at: Date): Promise<void> {
    const fault = await this.faults.findById(faultId);
    if (!fault || fault.state === 'closed') return;
    await this.recount(fault, detail);
    if (await this.rootSilent(fault)) return;
    const still = await this.faults.affectedOf(fault.id);
    if (still.length === 0) {
      await this.service.apply(fault, { type: 'clear' }, null, at);
      return;
    }
    const grace = stragglerGraceMs(
      (await this.devices.findByIds(still)).map((d) => d.heartbeatIntervalSec),
      this.config.missedHeartbeats,
    );
    await this.actions.schedule(`outage-settle:${fault.id}`, 'outage-settle', new Date(at.getTime() + grace), { faultId: fault.id });
  }

  /** The outage is still whole: its device silent, or for a site's fault the site dark again (a member back and gone). */
  private async rootSilent(fault: Fault): Promise<boolean> {
    if (fault.deviceId !== null) return (await this.devices.findById(fault.deviceId))?.status === 'offline';
    const { total, offline } = await this.devices.heartbeatCounts(fault.siteId);
    return isDarkCount(total, offline);
  }

  /** The grace after the last return has passed: the members still silent get faults of their own, and the outage clears. */
  private async settleOutage(action: ScheduledAction): Promise<void> {
    const fault = await this.faults.findById(String(action.payload.faultId));
    if (!fault || fault.state === 'closed' || (await this.rootSilent(fault))) return;
    const now = this.clock.now();
    const still = (await this.devices.findByIds(await this.faults.affectedOf(fault.id))).filter((d) => d.status === 'offline');
    await this.faults.clearAffected(fault.id);
    await this.service.apply(fault, { type: 'clear' }, null, now);
    const byId = new Map(still.map((d) => [d.id, d]));
    for (const id of stragglersInOrder(still)) {
      const device = byId.get(id)!;
      if (!(await this.decide(device, now))) await this.actions.schedule(`offline-check:${id}:1`, 'offline-check', new Date(now.getTime() + 2000), { deviceId: id, tries: 1 });
    }
  }

  private async flapping(device: Device, at: Date): Promise<void> {
    await this.service.open(this.fields(device, 'flapping', null, at), null);
    // an outage this device explains stays; its own silence alone is what the flapping fault replaces
    const offline = await this.faults.findOpenByKey(offlineKey(device));
    if (offline && (await this.faults.countAffected(offline.id)) === 0) {
      await this.service.apply(offline, { type: 'close', resolution: 'replaced by a flapping fault', repaired: false }, null, at);
    }
    // its silences are still decided: alone they open nothing more, inside an outage they are listed
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

  /** The heartbeat devices of a site, with any ancestors they hang off elsewhere, as the outage rules read them. */
  private async siteView(siteId: string): Promise<OutageDevice[]> {
    const devices = (await this.devices.list({ siteId }, {})).items;
    const known = new Set(devices.map((d) => d.id));
    for (let missing = devices.filter((d) => d.parentId && !known.has(d.parentId)), depth = 0; missing.length > 0 && depth < MAX_DEPTH; depth += 1) {
      const parents = await this.devices.findByIds([...new Set(missing.map((d) => d.parentId!))].filter((id) => !known.has(id)));
      for (const p of parents) known.add(p.id);
      devices.push(...parents);
      missing = parents.filter((d) => d.parentId && !known.has(d.parentId));
    }
    return devices.map(outageDevice);
  }

  /** A device and every device below it through silent ones: whom its silence can explain. */
  private async viewBelow(device: Device): Promise<(OutageDevice & { intervalSec: number })[]> {
    // the device is the top of this view: what is above it does not count here
    const view: (OutageDevice & { intervalSec: number })[] = [{ ...outageDevice(device), parentId: null, intervalSec: device.heartbeatIntervalSec }];
    const seen = new Set([device.id]);
    let frontier = [device.id];
    for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0 && view.length < 10_000; depth += 1) {
      const children = (await Promise.all(frontier.map((id) => this.devices.list({ parentId: id }, {})))).flatMap((p) => p.items).filter((c) => !seen.has(c.id));
      for (const c of children) seen.add(c.id);
      view.push(...children.map((c) => ({ ...outageDevice(c), intervalSec: c.heartbeatIntervalSec })));
      frontier = children.filter((c) => c.status === 'offline').map((c) => c.id);
    }
    return view;
  }

  private fields(device: Device | null, kind: FaultKind, subject: string | null, at: Date) {
    return {
      device,
      deviceId: device?.id ?? null,
      siteId: device?.siteId ?? '',
      kind,
      subject,
      source: 'health' as const,
      parentFaultId: null,
      affectedCount: 0,
      description: null,
      reporter: null,
      channel: null,
      patrolId: null,
      openedAt: at,
    };
  }
}

const outageDevice = (d: Device): OutageDevice => ({ id: d.id, siteId: d.siteId, parentId: d.parentId, heartbeat: sendsHeartbeats(d.type), silent: d.status === 'offline' });
