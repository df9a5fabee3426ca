import type { VigilConfig } from '@vigil/config';
import {
  applyFaultAction,
  classifyFault,
  DEFAULT_FAULT_RULES,
  openFaultKey,
  sendsHeartbeats,
  type Device,
  type DeviceStatus,
  type DeviceType,
  type Fault,
  type FaultAction,
  type Page,
  type StoredDeviceEvent,
} from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AlertPlanner } from '../alerting/alert-planner';
import type { DeviceEventBus } from '../events/device-event-bus';
import type { ClockPort, DeviceFilter, DeviceRepository, FaultRepository, ScheduledAction, ScheduledActions } from '../ports';
import type { ScheduledActionRunner } from '../scheduling/scheduled-action-runner';
import type { FaultContextService } from './fault-context.service';
import { FaultEngine } from './fault-engine';
import type { FaultService } from './fault.service';

const T0 = new Date('2026-11-22T02:00:00.000Z');
const MISSED = 3;

/**
 * The fault engine over in-memory ports on a fake clock: devices and faults held in maps, durable timers
 * run when the test moves the clock, the fault service reduced to what the engine asks of it (open once
 * per key, apply, amend). What the engine decides is then read straight from the maps.
 */
class Estate {
  now = T0;
  readonly devices = new Map<string, Device>();
  readonly faults = new Map<string, Fault>();
  readonly affected = new Map<string, Set<string>>();
  /** Each opened fault's first-alert hold, and the faults whose first alert was brought forward. */
  readonly holds = new Map<string, number>();
  /** Each fault whose first alert was moved earlier, and to when. */
  readonly broughtForward: string[] = [];
  readonly alertBy = new Map<string, Date>();
  private readonly timers = new Map<string, Omit<ScheduledAction, 'id' | 'attempts'>>();
  private readonly handlers = new Map<string, (a: ScheduledAction) => Promise<void>>();
  private nextEvent = 1;
  private nextFault = 1;
  readonly engine: FaultEngine;

  constructor() {
    const clock = strictFake<ClockPort>('clock', { now: () => this.now });
    const actions = strictFake<ScheduledActions>('actions', {
      schedule: async (key: string, kind: string, dueAt: Date, payload: Record<string, unknown>) => void this.timers.set(key, { key, kind, dueAt, payload }),
      cancel: async (prefix: string) => {
        for (const key of [...this.timers.keys()]) if (key.startsWith(prefix)) this.timers.delete(key);
      },
    });
    const runner = strictFake<ScheduledActionRunner>('runner', {
      register: (kind: string, handler: (a: ScheduledAction) => Promise<void>) => void this.handlers.set(kind, handler),
    });
    const bus = strictFake<DeviceEventBus>('bus', { consume: () => ({ drain: async () => undefined, stop: () => undefined }) });
    const devices = strictFake<DeviceRepository>('devices', {
      findById: async (id: string) => this.devices.get(id) ?? null,
      findByIds: async (ids: string[]) => ids.map((id) => this.devices.get(id)).filter((d): d is Device => d !== undefined),
      list: async (filter: DeviceFilter): Promise<Page<Device>> => {
        const items = [...this.devices.values()].filter(
          (d) => (filter.siteId === undefined || d.siteId === filter.siteId) && (filter.parentId === undefined || d.parentId === filter.parentId),
        );
        return { items, total: items.length } as Page<Device>;
      },
      heartbeatCounts: async (siteId: string) => {
        const own = [...this.devices.values()].filter((d) => d.siteId === siteId && sendsHeartbeats(d.type));
        return { total: own.length, offline: own.filter((d) => d.status === 'offline').length, maxIntervalSec: Math.max(0, ...own.map((d) => d.heartbeatIntervalSec)) };
      },
      heartbeatsElsewhere: async (siteId: string) => {
        const others = [...this.devices.values()].filter((d) => d.siteId !== siteId && sendsHeartbeats(d.type));
        const heard = others.filter((d) => d.status !== 'offline');
        return { offline: others.length - heard.length, maxIntervalSec: Math.max(0, ...heard.map((d) => d.heartbeatIntervalSec)) };
      },
    });
    const open = () => [...this.faults.values()].filter((f) => f.state !== 'closed');
    const faults = strictFake<FaultRepository>('faults', {
      findById: async (id: string) => this.faults.get(id) ?? null,
      findOpenByKey: async (key: string) => open().find((f) => openFaultKey(f) === key) ?? null,
      openOfDevices: async (ids: string[], kind: string) => open().filter((f) => f.kind === kind && f.deviceId !== null && ids.includes(f.deviceId)),
      addAffected: async (faultId: string, ids: string[]) => void ids.forEach((id) => this.listing(faultId).add(id)),
      removeAffected: async (deviceId: string) => [...this.affected].filter(([, set]) => set.delete(deviceId)).map(([id]) => id),
      affectedOf: async (faultId: string) => [...this.listing(faultId)].sort(),
      countAffected: async (faultId: string) => this.listing(faultId).size,
      clearAffected: async (faultId: string) => void this.affected.delete(faultId),
      faultAffecting: async (deviceId: string) => open().find((f) => this.listing(f.id).has(deviceId))?.id ?? null,
    });
    const service = strictFake<FaultService>('service', {
      open: async (input: Parameters<FaultService['open']>[0], _actor: unknown, alertAfterMs = 0) => {
        const { device, reportedLevel: _r, siteDark, ...fields } = input;
        if (open().some((f) => openFaultKey(f) === openFaultKey(fields))) return null;
        const level = classifyFault(DEFAULT_FAULT_RULES, {
          kind: fields.kind,
          deviceType: device?.type ?? null,
          criticality: device?.criticality ?? null,
          siteId: fields.siteId,
          at: fields.openedAt,
          affectedCount: fields.affectedCount,
          siteDark,
        });
        const fault: Fault = {
          ...fields,
          id: `F${this.nextFault++}`,
          level,
          state: 'open',
          region: 'r',
          contractId: null,
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
        this.faults.set(fault.id, fault);
        this.holds.set(fault.id, alertAfterMs);
        return fault;
      },
      apply: async (fault: Fault, action: FaultAction, _actor: unknown, at: Date) => {
        const next = applyFaultAction(this.faults.get(fault.id)!, action, at);
        this.faults.set(fault.id, next);
        return next;
      },
      amend: async (id: string, change: (f: Fault) => Fault | null) => {
        const next = change(this.faults.get(id)!);
        if (next) this.faults.set(id, next);
      },
    });
    const context = strictFake<FaultContextService>('context', { forSite: async () => ({ rules: DEFAULT_FAULT_RULES }) as never });
    const planner = strictFake<AlertPlanner>('planner', {
      firstAlertBy: async (faultId: string, by: Date) => {
        this.broughtForward.push(faultId);
        this.alertBy.set(faultId, by);
      },
    });
    this.engine = new FaultEngine({ missedHeartbeats: MISSED } as VigilConfig, bus, runner, actions, devices, faults, service, context, clock, planner);
    this.engine.start();
  }

  private listing(faultId: string): Set<string> {
    if (!this.affected.has(faultId)) this.affected.set(faultId, new Set());
    return this.affected.get(faultId)!;
  }

  add(id: string, type: DeviceType, siteId: string, over: Partial<Device> = {}): string {
    this.devices.set(id, {
      id,
      type,
      siteId,
      name: null,
      model: null,
      serial: null,
      firmware: null,
      parentId: null,
      heartbeatIntervalSec: 30,
      criticality: 'normal',
      installedAt: null,
      warrantyUntil: null,
      status: 'online',
      lastSeenAt: T0,
      conditions: [],
      createdAt: T0,
      updatedAt: T0,
      ...over,
    });
    return id;
  }

  /** The ingest's verdict on each device, handed to the engine as the event log would. */
  async status(ids: string[], to: DeviceStatus): Promise<void> {
    const events: StoredDeviceEvent[] = ids.map((id) => {
      const d = this.devices.get(id)!;
      this.devices.set(id, { ...d, status: to });
      return { id: this.nextEvent++, deviceId: id, siteId: d.siteId, at: this.now, change: { kind: 'status-changed', from: d.status, to } };
    });
    await this.engine.handle(events);
  }

  async raise(id: string, kind: 'video-loss'): Promise<void> {
    const d = this.devices.get(id)!;
    await this.engine.handle([
      { id: this.nextEvent++, deviceId: id, siteId: d.siteId, at: this.now, change: { kind: 'condition-raised', condition: { kind, subject: null } as never } },
    ]);
  }

  /** Moves the clock, running every durable timer that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const until = this.now.getTime() + ms;
    for (;;) {
      const due = [...this.timers.values()].filter((t) => t.dueAt.getTime() <= until).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
      if (!due) break;
      this.timers.delete(due.key);
      this.now = new Date(Math.max(this.now.getTime(), due.dueAt.getTime()));
      await this.handlers.get(due.kind)!({ ...due, id: 0, attempts: 0 });
    }
    this.now = new Date(until);
  }

  openFaults(): Fault[] {
    return [...this.faults.values()].filter((f) => f.state !== 'closed');
  }

  listed(faultId: string): string[] {
    return [...this.listing(faultId)].sort();
  }
}

describe(FaultEngine.name, () => {
  it('should make one site fault of a site without topology going dark, listing every device, with no fault per device and no alert hold', async () => {
    const estate = new Estate();
    const cams = Array.from({ length: 6 }, (_, i) => estate.add(`cam${i}`, 'camera', 'A'));
    await estate.status(cams, 'offline');
    await estate.advance(3_000);
    const [outage, ...others] = estate.openFaults();
    expect(others).toEqual([]);
    expect(outage).toMatchObject({ kind: 'site-offline', deviceId: null, siteId: 'A', level: 1, affectedCount: 6 });
    expect(estate.listed(outage.id)).toEqual([...cams].sort());
    expect(estate.holds.get(outage.id)).toBe(0);
    expect(estate.faults.size).toBe(1);
  });

  it('should make one fault of a silent switch listing its cameras, the one with a video-loss fault too, while its site is not dark', async () => {
    const estate = new Estate();
    const sw = estate.add('sw', 'switch', 'A');
    const cams = Array.from({ length: 4 }, (_, i) => estate.add(`cam${i}`, 'camera', 'A', { parentId: sw }));
    estate.add('srv', 'server', 'A');
    await estate.raise(cams[0], 'video-loss');
    await estate.status([sw, ...cams], 'offline');
    await estate.advance(10_000);
    const offline = estate.openFaults().filter((f) => f.kind === 'offline');
    expect(offline).toHaveLength(1);
    expect(offline[0]).toMatchObject({ deviceId: sw, level: 2, affectedCount: 4 });
    expect(estate.listed(offline[0].id)).toEqual([...cams].sort());
    // the camera's own fault of another kind stays open beside the outage
    expect(
      estate
        .openFaults()
        .filter((f) => f.kind === 'video-loss')
        .map((f) => f.deviceId),
    ).toEqual([cams[0]]);
    // its first alert waits for what could still join it (the server's window), no longer than the contract's two minutes
    expect(estate.holds.get(offline[0].id)).toBeGreaterThan(0);
    expect(estate.holds.get(offline[0].id)).toBeLessThanOrEqual(120_000);
  });

  it('should give a member still silent after the rest came back its own fault once their grace is over, and clear the outage', async () => {
    const estate = new Estate();
    const sw = estate.add('sw', 'switch', 'A');
    const cams = Array.from({ length: 3 }, (_, i) => estate.add(`cam${i}`, 'camera', 'A', { parentId: sw }));
    estate.add('srv', 'server', 'A');
    await estate.status([sw, ...cams], 'offline');
    await estate.advance(5_000);
    const [outage] = estate.openFaults();
    const [straggler, ...back] = cams;
    await estate.status([sw, ...back], 'online');
    expect(estate.faults.get(outage.id)!.state).toBe('open');
    expect(estate.listed(outage.id)).toEqual([straggler]);
    // the grace: the longest window among those still silent, and two seconds
    await estate.advance((30 * MISSED + 2) * 1000 + 3_000);
    expect(estate.faults.get(outage.id)!.state).toBe('closed');
    expect(estate.openFaults().map((f) => [f.kind, f.deviceId, f.level])).toEqual([['offline', straggler, 3]]);
  });

  it('should bring a held outage alert forward the moment its whole site goes dark: the NVR missed first, its cameras later', async () => {
    const estate = new Estate();
    const nvr = estate.add('nvr', 'nvr', 'A', { heartbeatIntervalSec: 10 });
    const cams = Array.from({ length: 3 }, (_, i) => estate.add(`cam${i}`, 'camera', 'A', { parentId: nvr, heartbeatIntervalSec: 60 }));
    await estate.status([nvr], 'offline');
    await estate.advance(3_000);
    const [held] = estate.openFaults();
    expect(held).toMatchObject({ deviceId: nvr, level: 2 });
    expect(estate.holds.get(held.id)).toBeGreaterThan(60_000);
    expect(estate.broughtForward).toEqual([]);

    await estate.advance(60_000);
    await estate.status(cams, 'offline');
    await estate.advance(3_000);
    // the NVR explains the dark site: its fault lists the cameras, at the site-offline level, and alerts now
    expect(estate.openFaults().map((f) => f.id)).toEqual([held.id]);
    expect(estate.faults.get(held.id)).toMatchObject({ level: 1, affectedCount: 3 });
    expect(estate.broughtForward).toEqual([held.id]);
  });

  it("should keep a device whose root is silent but not yet decided waiting, then list it on the root's fault", async () => {
    const estate = new Estate();
    const sw = estate.add('sw', 'switch', 'A', { heartbeatIntervalSec: 60 });
    const cam = estate.add('cam', 'camera', 'A', { parentId: sw, heartbeatIntervalSec: 10 });
    estate.add('srv', 'server', 'A');
    // the switch is marked silent in the same moment; its own decision comes in the same round of timers
    await estate.status([cam], 'offline');
    await estate.status([sw], 'offline');
    await estate.advance(10_000);
    const open = estate.openFaults();
    expect(open.map((f) => f.deviceId)).toEqual([sw]);
    expect(estate.listed(open[0].id)).toEqual([cam]);
  });

  it("should hold a dark site's page for the rest of a darkening estate, and page a lone site's power cut at once", async () => {
    // the switches-only site goes dark after 90 s; the camera site's cameras (60 s heartbeats) only after 3 minutes
    const estate = new Estate();
    const core = ['c1', 'c2'].map((id) => estate.add(id, 'switch', 'NET'));
    const sw = estate.add('sw', 'switch', 'CAMS');
    for (const id of ['k1', 'k2']) estate.add(id, 'camera', 'CAMS', { parentId: sw, heartbeatIntervalSec: 60 });
    await estate.status([...core, sw], 'offline');
    await estate.advance(3_000);
    const net = estate.openFaults().find((f) => f.siteId === 'NET')!;
    expect(net).toMatchObject({ kind: 'site-offline', level: 1 });
    // devices elsewhere are silent too: wait for the longest window still running there (180 s) past this site's (90 s)
    expect(estate.holds.get(net.id)).toBe(90_000);

    const lone = new Estate();
    const dark = ['a1', 'a2'].map((id) => lone.add(id, 'switch', 'A'));
    lone.add('b1', 'camera', 'B', { heartbeatIntervalSec: 60 });
    await lone.status(dark, 'offline');
    await lone.advance(3_000);
    const [cut] = lone.openFaults();
    expect(lone.holds.get(cut.id)).toBe(0);
  });
});
