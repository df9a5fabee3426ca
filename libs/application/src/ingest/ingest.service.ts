import { Inject, Injectable, Logger } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import {
  applyHeartbeat, discoveredToEvict, initialHealth, LivenessMonitor, markOffline, MAX_DISCOVERED, parseDeviceTopic, parseHeartbeat, parseStatus, sendsHeartbeats,
  type DeviceChange, type DeviceEvent, type DeviceType, type HealthOptions, type HealthState,
} from '@vigil/domain';
import { ClockPort, DeviceStateRepository, IngestLinkProbe, DiscoveredDeviceRepository, SchedulerPort, type Cancel, type DeviceStateSnapshot, type DiscoveredDevice, type OnlineSample } from '../ports';
import { DeviceEventBus } from '../events/device-event-bus';
import { DeviceStatusFeed } from './device-status-feed';
import { IngestDiagnostics } from './ingest-diagnostics';

interface TrackedDevice {
  id: string;
  type: DeviceType;
  siteId: string;
  intervalSec: number;
  health: HealthState;
  statusChangedAt: Date | null;
}

const ACCOUNTING_MS = 60_000;
/** An id the register does not have is not looked up again for this long. */
const STRANGER_MS = 30_000;
const STRANGERS_MAX = 100_000;
const LOOKUPS_MAX = 1000;
const LOOKUP_QUEUE_MAX = 100;
const LIVENESS_TICK_MS = 100;

/**
 * Heartbeats change in-memory state only; what changed is written in batches (one transaction per
 * flush) together with the device events, so the database sees changes, not every message.
 */
@Injectable()
export class IngestService extends IngestLinkProbe {
  private readonly logger = new Logger(IngestService.name);
  private readonly devices = new Map<string, TrackedDevice>();
  private readonly liveness: LivenessMonitor;
  private readonly health: HealthOptions;
  private dirty = new Set<string>();
  private heardSinceSnapshot = new Set<string>();
  private events: DeviceEvent[] = [];
  private discovered = new Map<string, DiscoveredDevice>();
  private online = new Map<string, OnlineSample>();
  private timers: Cancel[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private lastAccounting = 0;
  private started = false;
  private readonly lookups = new Map<string, { topic: string; payload: Uint8Array; receivedAt: Date; retained: boolean }[]>();
  private readonly strangers = new Map<string, number>();
  private linkDownSince: Date | null = null;

  constructor(
    private readonly states: DeviceStateRepository,
    private readonly discoveries: DiscoveredDeviceRepository,
    private readonly diagnostics: IngestDiagnostics,
    private readonly eventBus: DeviceEventBus,
    private readonly clock: ClockPort,
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly statusFeed: DeviceStatusFeed,
    private readonly scheduler: SchedulerPort,
  ) {
    super();
    this.liveness = new LivenessMonitor(config.missedHeartbeats);
    this.health = { tempHighC: config.ingest.tempHighC };
  }

  /** Loads the register and the last known states, and starts the liveness, flush and accounting clocks. */
  async start(): Promise<void> {
    const now = this.clock.now();
    for (const snapshot of await this.states.loadAll()) this.track(snapshot, now);
    this.lastAccounting = now.getTime();
    this.timers = [
      this.scheduler.every(LIVENESS_TICK_MS, () => this.checkLiveness(this.clock.now()), 'ingest-liveness'),
      this.scheduler.every(this.config.ingest.flushIntervalMs, () => this.flush(), 'ingest-flush'),
      this.scheduler.every(ACCOUNTING_MS, () => this.accountOnlineTime(this.clock.now()), 'ingest-online-time'),
      this.scheduler.every(this.config.ingest.lastSeenSnapshotSec * 1000, () => this.snapshotLastSeen(), 'ingest-last-seen'),
    ];
    this.started = true;
    this.logger.log(`tracking ${this.devices.size} devices, ${this.liveness.size} under liveness watch`);
  }

  async stop(): Promise<void> {
    this.started = false;
    for (const cancel of this.timers) cancel();
    this.timers = [];
    this.accountOnlineTime(this.clock.now());
    this.snapshotLastSeen();
    await this.flush();
  }

  /**
   * Ingest lost its broker connection: silence now says nothing about the devices, so liveness
   * holds still until the link is back (the persistent session queues their messages meanwhile).
   */
  linkLost(at: Date = this.clock.now()): void {
    if (this.linkDownSince) return;
    this.linkDownSince = at;
    this.logger.warn('broker link lost: liveness paused until it is back');
  }

  /** The link is back: every watched device gets a full window from now, as after a restart. */
  linkRestored(at: Date = this.clock.now()): void {
    if (!this.linkDownSince) return;
    const downMs = at.getTime() - this.linkDownSince.getTime();
    this.linkDownSince = null;
    for (const d of this.devices.values()) {
      if (this.liveness.deadlineOf(d.id) !== undefined) this.liveness.resume(d.id, d.intervalSec, at.getTime());
    }
    this.logger.log(`broker link back after ${Math.round(downMs / 1000)} s: liveness resumed`);
  }

  /** False while ingest runs in this process without its broker link; /health reports it. */
  get linkHealthy(): boolean {
    return !this.started || this.linkDownSince === null;
  }

  /** One MQTT message; never throws, whatever it holds. */
  handle(topic: string, payload: Uint8Array, receivedAt: Date = this.clock.now(), retained = false): void {
    const parsedTopic = parseDeviceTopic(topic);
    if (!parsedTopic.ok) return this.diagnostics.drop(topic, 'bad-topic', 'not vigil/v1/devices/{id}/heartbeat|status', payload, receivedAt);
    const device = this.devices.get(parsedTopic.deviceId);
    if (!device) return this.handleUnknown(parsedTopic.deviceId, topic, payload, receivedAt, retained);
    if (parsedTopic.channel === 'status') {
      const status = parseStatus(payload);
      if (!status.ok) return this.diagnostics.drop(topic, status.reason, status.detail, payload, receivedAt);
      this.diagnostics.accepted('status');
      // `online` proves nothing by itself; the next heartbeat does. A retained `offline` is replayed on
      // every (re)subscribe: it is news only for a device that has not been heard since its window began.
      if (status.value !== 'offline') return;
      if (retained && this.heardWithinWindow(device, receivedAt)) return this.diagnostics.accepted('stale');
      this.goOffline(device, receivedAt, 'status-offline');
      return;
    }
    const heartbeat = parseHeartbeat(payload, device.type);
    if (!heartbeat.ok) return this.diagnostics.drop(topic, heartbeat.reason, heartbeat.detail, payload, receivedAt);
    const outcome = applyHeartbeat(device.health, heartbeat.value, receivedAt, this.health);
    this.diagnostics.accepted(outcome.accepted ? 'accepted' : (outcome.ignoredBecause ?? 'duplicate'));
    if (!outcome.accepted) return;
    this.liveness.heard(device.id, device.intervalSec, receivedAt.getTime());
    this.commit(device, outcome.state, outcome.changes, receivedAt, true);
  }

  /**
   * A device this process does not know yet may have been registered a moment ago by another
   * process, its notice still on the way: look it up once (its messages wait, in order), and only a
   * device the register does not have either is dropped as unknown, remembered for a while so that
   * a stranger's stream costs no lookups.
   */
  private handleUnknown(id: string, topic: string, payload: Uint8Array, receivedAt: Date, retained: boolean): void {
    const strangerUntil = this.strangers.get(id);
    if (strangerUntil !== undefined && strangerUntil > receivedAt.getTime()) return this.dropUnknown(id, topic, payload, receivedAt);
    const waiting = this.lookups.get(id);
    if (waiting) {
      if (waiting.length < LOOKUP_QUEUE_MAX) waiting.push({ topic, payload, receivedAt, retained });
      else this.dropUnknown(id, topic, payload, receivedAt);
      return;
    }
    if (this.lookups.size >= LOOKUPS_MAX) return this.dropUnknown(id, topic, payload, receivedAt);
    this.lookups.set(id, [{ topic, payload, receivedAt, retained }]);
    void this.states.load([id]).then(
      ([snapshot]) => this.settleLookup(id, snapshot ?? null),
      (err: Error) => {
        this.logger.warn(`looking up ${id}: ${err.message}`);
        this.settleLookup(id, null);
      },
    );
  }

  private settleLookup(id: string, snapshot: DeviceStateSnapshot | null): void {
    const waiting = this.lookups.get(id) ?? [];
    this.lookups.delete(id);
    if (snapshot && !this.devices.has(id)) this.track(snapshot, this.clock.now());
    if (!this.devices.has(id)) {
      if (this.strangers.size >= STRANGERS_MAX) this.strangers.clear();
      this.strangers.set(id, this.clock.now().getTime() + STRANGER_MS);
    }
    for (const m of waiting) {
      if (this.devices.has(id)) this.handle(m.topic, m.payload, m.receivedAt, m.retained);
      else this.dropUnknown(id, m.topic, m.payload, m.receivedAt);
    }
  }

  private dropUnknown(id: string, topic: string, payload: Uint8Array, receivedAt: Date): void {
    this.noteDiscovered(id, topic, receivedAt);
    this.diagnostics.drop(topic, 'unknown-device', `no device ${id} in the register`, payload, receivedAt);
  }

  /** Devices silent past their deadline go offline. */
  checkLiveness(now: Date): void {
    if (this.linkDownSince) return;
    for (const id of this.liveness.expire(now.getTime())) {
      const device = this.devices.get(id);
      if (device) this.goOffline(device, now, 'missed-heartbeat');
    }
  }

  /** Writes what changed since the last flush; flushes never overlap. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeBatch()).catch((err) => this.logger.error(`flush failed, will retry: ${(err as Error).message}`));
    return this.flushing;
  }

  /** The register changed (created, edited, deleted devices): reread those devices. */
  async refresh(ids: string[]): Promise<void> {
    const found = new Map((await this.states.load(ids)).map((s) => [s.id, s]));
    const now = this.clock.now();
    for (const id of ids) {
      const snapshot = found.get(id);
      const known = this.devices.get(id);
      if (!snapshot) {
        this.devices.delete(id);
        this.liveness.forget(id);
      } else if (known) {
        Object.assign(known, { type: snapshot.type, siteId: snapshot.siteId, intervalSec: snapshot.heartbeatIntervalSec });
        if (this.liveness.deadlineOf(id) !== undefined && known.health.lastSeenAt) {
          this.liveness.heard(id, known.intervalSec, known.health.lastSeenAt.getTime());
        }
      } else {
        this.track(snapshot, now);
        this.strangers.delete(id);
        this.discovered.delete(id);
        void this.discoveries.remove(id).catch(() => undefined);
      }
    }
  }

  stateOf(id: string): HealthState | undefined {
    return this.devices.get(id)?.health;
  }

  get trackedCount(): number {
    return this.devices.size;
  }

  private track(s: DeviceStateSnapshot, now: Date): void {
    const health: HealthState = {
      ...initialHealth(s.firmware), status: s.status, conditions: s.conditions, lastSeq: s.lastSeq, lastDeviceTs: s.lastDeviceTs, lastSeenAt: s.lastSeenAt,
    };
    this.devices.set(s.id, { id: s.id, type: s.type, siteId: s.siteId, intervalSec: s.heartbeatIntervalSec, health, statusChangedAt: s.statusChangedAt });
    // Never-heard devices stay `unknown` until their first heartbeat; offline ones stay offline until heard.
    if (sendsHeartbeats(s.type) && s.lastSeenAt && s.status !== 'offline' && s.status !== 'unknown') {
      this.liveness.resume(s.id, s.heartbeatIntervalSec, now.getTime());
    }
  }

  private heardWithinWindow(device: TrackedDevice, now: Date): boolean {
    const seen = device.health.lastSeenAt;
    return seen !== null && now.getTime() - seen.getTime() < LivenessMonitor.windowMs(device.intervalSec, this.config.missedHeartbeats);
  }

  private goOffline(device: TrackedDevice, at: Date, reason: 'missed-heartbeat' | 'status-offline'): void {
    this.liveness.forget(device.id);
    const outcome = markOffline(device.health);
    const changes = outcome.changes.map((c) => (c.kind === 'status-changed' ? { ...c, reason } : c));
    this.commit(device, outcome.state, changes, at, false);
  }

  private commit(device: TrackedDevice, state: HealthState, changes: DeviceChange[], at: Date, seen: boolean): void {
    device.health = state;
    if (changes.some((c) => c.kind === 'status-changed')) device.statusChangedAt = at;
    for (const change of changes) this.events.push({ deviceId: device.id, siteId: device.siteId, at, change });
    if (changes.length > 0) this.dirty.add(device.id);
    // Last-seen alone is written by the next snapshot, not on every heartbeat.
    else if (seen) this.heardSinceSnapshot.add(device.id);
  }

  private noteDiscovered(id: string, topic: string, at: Date): void {
    const seen = this.discovered.get(id);
    if (seen) {
      Object.assign(seen, { lastSeenAt: at, messages: seen.messages + 1, lastTopic: topic });
      return;
    }
    // Bounded between writes too: a flood of random ids sheds half its strangers by the same order as the stored list.
    if (this.discovered.size >= MAX_DISCOVERED) for (const gone of discoveredToEvict([...this.discovered.values()], MAX_DISCOVERED / 2)) this.discovered.delete(gone);
    this.discovered.set(id, { id, firstSeenAt: at, lastSeenAt: at, messages: 1, lastTopic: topic });
  }

  /** Online time per device and hour, once a minute. */
  accountOnlineTime(now: Date): void {
    const elapsedSec = Math.round((now.getTime() - this.lastAccounting) / 1000);
    this.lastAccounting = now.getTime();
    if (elapsedSec <= 0) return;
    const hour = now.toISOString().slice(0, 13);
    for (const d of this.devices.values()) {
      if (d.health.status === 'unknown') continue;
      const key = `${d.id}|${hour}`;
      const sample = this.online.get(key) ?? { deviceId: d.id, hour, onlineSec: 0, observedSec: 0 };
      sample.observedSec += elapsedSec;
      if (d.health.status !== 'offline') sample.onlineSec += elapsedSec;
      this.online.set(key, sample);
    }
  }

  /** Devices heard since the last snapshot get their last-seen written with the next batch. */
  snapshotLastSeen(): void {
    for (const id of this.heardSinceSnapshot) this.dirty.add(id);
    this.heardSinceSnapshot = new Set();
  }

  private async writeBatch(): Promise<void> {
    if (this.dirty.size === 0 && this.events.length === 0 && this.online.size === 0 && this.discovered.size === 0) return;
    const [dirty, events, online, discovered] = [this.dirty, this.events, this.online, this.discovered];
    this.dirty = new Set();
    this.events = [];
    this.online = new Map();
    this.discovered = new Map();
    const states = [...dirty].flatMap((id) => {
      const d = this.devices.get(id);
      return d ? [{ id, ...d.health, statusChangedAt: d.statusChangedAt }] : [];
    });
    try {
      await this.states.saveBatch(states, events, [...online.values()]);
    } catch (err) {
      // Nothing is lost: the batch goes back in front of whatever arrived meanwhile.
      for (const id of dirty) this.dirty.add(id);
      this.events = [...events, ...this.events];
      for (const [k, v] of online) this.online.set(k, v);
      for (const [k, v] of discovered) if (!this.discovered.has(k)) this.discovered.set(k, v);
      throw err;
    }
    if (events.length > 0) {
      this.eventBus.announce();
      this.statusFeed.publish(events.flatMap((e) => (e.change.kind === 'status-changed' ? [{ deviceId: e.deviceId, siteId: e.siteId, status: e.change.to, at: e.at.toISOString() }] : [])));
    }
    if (discovered.size > 0) await this.discoveries.record([...discovered.values()]);
  }
}
