import { Inject, Injectable, Logger } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { applyHeartbeat, markOffline, parseDeviceTopic, parseHeartbeat, parseStatus, type HealthOptions, type HealthState } from '@vigil/domain';
import { ClockPort, DeviceStateRepository, IngestLinkProbe, DiscoveredDeviceRepository, SchedulerPort, type Cancel, type DeviceStateSnapshot } from '../ports';
import { DeviceEventBus } from '../events/device-event-bus';
import { DeviceStatusFeed } from './device-status-feed';
import { IngestDiagnostics } from './ingest-diagnostics';
import { OnlineTimeAccounting } from './online-time';
import { StateWriteBatch } from './state-write-batch';
import { TrackedDevices, type TrackedDevice } from './tracked-devices';
import { UnknownDevices } from './unknown-devices';

const ACCOUNTING_MS = 60_000;
const LIVENESS_TICK_MS = 100;

/**
 * Ingest in one process: each MQTT message checked and applied to the device's in-memory state
 * (TrackedDevices, with its liveness deadline), unknown ids looked up (UnknownDevices), what changed
 * written in batches (StateWriteBatch) with the online time (OnlineTimeAccounting), each on its own clock.
 */
@Injectable()
export class IngestService extends IngestLinkProbe {
  private readonly logger = new Logger(IngestService.name);
  private readonly devices: TrackedDevices;
  private readonly online = new OnlineTimeAccounting();
  private readonly unknown: UnknownDevices;
  private readonly batch: StateWriteBatch;
  private readonly health: HealthOptions;
  private timers: Cancel[] = [];
  private started = false;

  constructor(
    private readonly states: DeviceStateRepository,
    discoveries: DiscoveredDeviceRepository,
    private readonly diagnostics: IngestDiagnostics,
    eventBus: DeviceEventBus,
    private readonly clock: ClockPort,
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    statusFeed: DeviceStatusFeed,
    private readonly scheduler: SchedulerPort,
  ) {
    super();
    this.devices = new TrackedDevices(config.missedHeartbeats);
    this.unknown = new UnknownDevices(
      states,
      discoveries,
      diagnostics,
      clock,
      (id, snapshot) => this.trackFound(id, snapshot),
      (m) => this.handle(m.topic, m.payload, m.receivedAt, m.retained),
    );
    this.batch = new StateWriteBatch(states, eventBus, statusFeed, this.devices, this.online, this.unknown);
    this.health = { tempHighC: config.ingest.tempHighC };
  }

  /** Loads the register and the last known states, and starts the liveness, flush and accounting clocks. */
  async start(): Promise<void> {
    const now = this.clock.now();
    for (const snapshot of await this.states.loadAll()) this.devices.track(snapshot, now);
    this.online.startAt(now);
    this.timers = [
      this.scheduler.every(LIVENESS_TICK_MS, () => this.checkLiveness(this.clock.now()), 'ingest-liveness'),
      this.scheduler.every(this.config.ingest.flushIntervalMs, () => this.flush(), 'ingest-flush'),
      this.scheduler.every(ACCOUNTING_MS, () => this.accountOnlineTime(this.clock.now()), 'ingest-online-time'),
      this.scheduler.every(this.config.ingest.lastSeenSnapshotSec * 1000, () => this.snapshotLastSeen(), 'ingest-last-seen'),
    ];
    this.started = true;
    this.logger.log(`tracking ${this.devices.size} devices, ${this.devices.watched} under liveness watch`);
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
    if (this.devices.pause(at)) this.logger.warn('broker link lost: liveness paused until it is back');
  }

  /** The link is back: every watched device gets a full window from now, as after a restart. */
  linkRestored(at: Date = this.clock.now()): void {
    const downMs = this.devices.resume(at);
    if (downMs !== null) this.logger.log(`broker link back after ${Math.round(downMs / 1000)} s: liveness resumed`);
  }

  /** False while ingest runs in this process without its broker link; /health reports it. */
  get linkHealthy(): boolean {
    return !this.started || !this.devices.linkDown;
  }

  /** One MQTT message; never throws, whatever it holds. */
  handle(topic: string, payload: Uint8Array, receivedAt: Date = this.clock.now(), retained = false): void {
    const parsedTopic = parseDeviceTopic(topic);
    if (!parsedTopic.ok) return this.diagnostics.drop(topic, 'bad-topic', 'not vigil/v1/devices/{id}/heartbeat|status', payload, receivedAt);
    const device = this.devices.get(parsedTopic.deviceId);
    if (!device) return this.unknown.handle(parsedTopic.deviceId, { topic, payload, receivedAt, retained });
    if (parsedTopic.channel === 'status') {
      const status = parseStatus(payload);
      if (!status.ok) return this.diagnostics.drop(topic, status.reason, status.detail, payload, receivedAt);
      this.diagnostics.accepted('status');
      // `online` proves nothing by itself; the next heartbeat does. A retained `offline` is replayed on
      // every (re)subscribe: it is news only for a device that has not been heard since its window began.
      if (status.value !== 'offline') return;
      if (retained && this.devices.heardWithinWindow(device, receivedAt)) return this.diagnostics.accepted('stale');
      this.goOffline(device, receivedAt, 'status-offline');
      return;
    }
    const heartbeat = parseHeartbeat(payload, device.type);
    if (!heartbeat.ok) return this.diagnostics.drop(topic, heartbeat.reason, heartbeat.detail, payload, receivedAt);
    const outcome = applyHeartbeat(device.health, heartbeat.value, receivedAt, this.health);
    this.diagnostics.accepted(outcome.accepted ? 'accepted' : (outcome.ignoredBecause ?? 'duplicate'));
    if (!outcome.accepted) return;
    this.devices.heard(device, receivedAt);
    this.batch.commit(device, outcome.state, outcome.changes, receivedAt, true);
  }

  /** Devices silent past their deadline go offline. */
  checkLiveness(now: Date): void {
    for (const device of this.devices.overdue(now)) this.goOffline(device, now, 'missed-heartbeat');
  }

  /** Writes what changed since the last flush; flushes never overlap. */
  flush(): Promise<void> {
    return this.batch.flush();
  }

  /** The register changed (created, edited, deleted devices): reread those devices. */
  async refresh(ids: string[]): Promise<void> {
    const found = new Map((await this.states.load(ids)).map((s) => [s.id, s]));
    const now = this.clock.now();
    for (const id of ids) {
      const snapshot = found.get(id);
      const known = this.devices.get(id);
      if (!snapshot) this.devices.remove(id);
      else if (known) this.devices.update(known, snapshot);
      else {
        this.devices.track(snapshot, now);
        this.unknown.registered(id);
      }
    }
  }

  stateOf(id: string): HealthState | undefined {
    return this.devices.get(id)?.health;
  }

  get trackedCount(): number {
    return this.devices.size;
  }

  /** Online time per device and hour, once a minute. */
  accountOnlineTime(now: Date): void {
    this.online.account(now, this.devices.all());
  }

  /** Devices heard since the last snapshot get their last-seen written with the next batch. */
  snapshotLastSeen(): void {
    this.batch.snapshotLastSeen();
  }

  /** A looked-up device: tracked if the register has it (and no one tracked it meanwhile); answers whether it is tracked now. */
  private trackFound(id: string, snapshot: DeviceStateSnapshot | null): boolean {
    if (snapshot && !this.devices.has(id)) this.devices.track(snapshot, this.clock.now());
    return this.devices.has(id);
  }

  private goOffline(device: TrackedDevice, at: Date, reason: 'missed-heartbeat' | 'status-offline'): void {
    this.devices.unwatch(device.id);
    const outcome = markOffline(device.health);
    const changes = outcome.changes.map((c) => (c.kind === 'status-changed' ? { ...c, reason } : c));
    this.batch.commit(device, outcome.state, changes, at, false);
  }
}
