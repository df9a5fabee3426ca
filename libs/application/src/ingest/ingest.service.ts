import { Inject, Injectable, Logger } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import {
  applyHeartbeat,
  applyVqd,
  markOffline,
  parseDeviceTopic,
  parseHeartbeat,
  parseStatus,
  parseVqd,
  vqdFailed,
  VQD_CHECKS,
  type HealthOptions,
  type HealthState,
} from '@vigil/domain';
import { ClockPort, DeviceStateRepository, IngestLinkProbe, DiscoveredDeviceRepository, SchedulerPort, SiteVideoProfiles, type Cancel, type DeviceStateSnapshot } from '../ports';
import { DeviceEventBus } from '../events/device-event-bus';
import { DeviceStatusFeed } from './device-status-feed';
import { IngestDiagnostics } from './ingest-diagnostics';
import { OnlineTimeAccounting } from './online-time';
import { StateWriteBatch } from './state-write-batch';
import { TrackedDevices, type TrackedDevice } from './tracked-devices';
import { UnknownDevices, type HeldMessage } from './unknown-devices';
import { VideoEvidenceRecorder } from '../video/video-evidence-recorder';

const ACCOUNTING_MS = 60_000;
const LIVENESS_TICK_MS = 100;
/** Partitioned ingest: devices claimed per register read, messages held per device while it is read, and the pause after a failed read. */
const CLAIM_BATCH = 1000;
const CLAIM_HELD_MAX = 100;
const CLAIM_RETRY_MS = 1000;
/** How long claims gather before a register read: a probe round's thousands of claims go in a few reads. */
const CLAIM_GATHER_MS = 20;

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
  /** Partitioned (INGEST_SOURCE=amqp): only the devices of the partitions this process holds are tracked, each claimed when first heard. */
  private readonly partitioned: boolean;
  private readonly claiming = new Map<string, HeldMessage[]>();
  private claimRun: Promise<void> | null = null;
  /** Bumped when the partitions are let go: a register read begun before no longer claims anything. */
  private generation = 0;

  constructor(
    private readonly states: DeviceStateRepository,
    discoveries: DiscoveredDeviceRepository,
    private readonly diagnostics: IngestDiagnostics,
    eventBus: DeviceEventBus,
    private readonly clock: ClockPort,
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    statusFeed: DeviceStatusFeed,
    private readonly scheduler: SchedulerPort,
    private readonly videoProfiles: SiteVideoProfiles,
    private readonly video: VideoEvidenceRecorder,
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
    this.partitioned = config.ingestSource?.kind === 'amqp';
  }

  /** Loads the register and the last known states, and starts the liveness, flush and accounting clocks. */
  async start(): Promise<void> {
    const now = this.clock.now();
    // partitioned: nothing is ours before a partition's messages say so
    if (!this.partitioned) for (const snapshot of await this.states.loadAll()) this.devices.track(snapshot, now);
    this.online.startAt(now);
    this.timers = [
      this.scheduler.every(LIVENESS_TICK_MS, () => this.checkLiveness(this.clock.now()), 'ingest-liveness'),
      // the change lane alone: a status change never waits for the bulk lane
      this.scheduler.every(this.config.ingest.flushIntervalMs, () => this.batch.flush(), 'ingest-flush'),
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
    await this.batch.drainBulk();
    this.snapshotLastSeen();
    await this.flush();
    await this.batch.drainBulk();
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

  get running(): boolean {
    return this.started;
  }

  /** One MQTT message; never throws, whatever it holds. */
  handle(topic: string, payload: Uint8Array, receivedAt: Date = this.clock.now(), retained = false): void {
    const parsedTopic = parseDeviceTopic(topic);
    if (!parsedTopic.ok) return this.diagnostics.drop(topic, 'bad-topic', 'not vigil/v1/devices/{id}/heartbeat|status|vqd', payload, receivedAt);
    const device = this.devices.get(parsedTopic.deviceId);
    if (!device && this.partitioned) return this.holdForClaim(parsedTopic.deviceId, { topic, payload, receivedAt, retained });
    if (!device) return this.unknown.handle(parsedTopic.deviceId, { topic, payload, receivedAt, retained });
    if (parsedTopic.channel === 'status') {
      const status = parseStatus(payload);
      if (!status.ok) return this.diagnostics.drop(topic, status.reason, status.detail, payload, receivedAt);
      this.diagnostics.accepted('status');
      // `online` proves nothing by itself; the next heartbeat does. A retained `offline` is replayed on
      // every (re)subscribe: it is news only for a device that has not been heard since its window began.
      // an away device's word says nothing either: a loaner stands in for it
      if (status.value !== 'offline' || device.away) return;
      if (retained && this.devices.heardWithinWindow(device, receivedAt)) return this.diagnostics.accepted('stale');
      this.goOffline(device, receivedAt, 'status-offline');
      return;
    }
    if (parsedTopic.channel === 'vqd') return this.handleVqd(device, topic, payload, receivedAt);
    const heartbeat = parseHeartbeat(payload, device.type);
    if (!heartbeat.ok) return this.diagnostics.drop(topic, heartbeat.reason, heartbeat.detail, payload, receivedAt);
    const outcome = applyHeartbeat(device.health, heartbeat.value, receivedAt, this.healthOptionsOf(device));
    this.diagnostics.accepted(outcome.accepted ? 'accepted' : (outcome.ignoredBecause ?? 'duplicate'));
    if (!outcome.accepted) return;
    this.devices.heard(device, receivedAt);
    this.batch.commit(device, outcome.state, outcome.changes, receivedAt, true);
    // [14] recording, retention and stream fields are the video evidence; a camera's own stream is channel 0
    const { channels, bitrateKbps, fps } = heartbeat.value.health;
    if (channels?.some((c) => c.recordedSec !== undefined || c.gaps !== undefined || c.oldestRecording !== undefined) || bitrateKbps !== undefined || fps !== undefined)
      this.video.observe({ deviceId: device.id, siteId: device.siteId, at: receivedAt, channels: channels ?? [{ ch: 0, bitrateKbps, fps }] });
  }

  /** A VQD report ([14]): its checks' conditions on the device, through the same batch as heartbeats; it proves no liveness. */
  private handleVqd(device: TrackedDevice, topic: string, payload: Uint8Array, receivedAt: Date): void {
    const vqd = parseVqd(payload, device.type);
    if (!vqd.ok) return this.diagnostics.drop(topic, vqd.reason, vqd.detail, payload, receivedAt);
    const { thresholds } = this.videoProfiles.profileOf(device.siteId);
    const outcome = applyVqd(device.health, vqd.value, thresholds);
    this.diagnostics.accepted('vqd');
    this.batch.commit(device, outcome.state, outcome.changes, receivedAt, false);
    // the day's image-intact evidence: which checks failed and which passed, judged as the conditions were
    const checks = VQD_CHECKS.filter((c) => vqd.value.checks[c] !== undefined);
    const failed = checks.filter((c) => vqdFailed(vqd.value.checks[c]!, thresholds));
    const passed = checks.filter((c) => !failed.includes(c));
    this.video.observe({ deviceId: device.id, siteId: device.siteId, at: receivedAt, vqd: { ch: vqd.value.ch, failed, passed } });
  }

  /** The health rules for a device: the process's own, with its site's zone, class and contract video thresholds. */
  private healthOptionsOf(device: TrackedDevice): HealthOptions {
    // a profile is a VideoOptions (zone, class, thresholds) as it is
    return { ...this.health, video: this.videoProfiles.profileOf(device.siteId) };
  }

  /** Devices silent past their deadline go offline. */
  checkLiveness(now: Date): void {
    for (const device of this.devices.overdue(now)) this.goOffline(device, now, 'missed-heartbeat');
  }

  /** Writes what changed since the last flush (flushes never overlap), then waits for the bulk writes queued so far. */
  async flush(): Promise<void> {
    await this.batch.flush();
    await this.batch.drainBulk();
  }

  /** The register changed (created, edited, deleted devices): reread those devices. */
  async refresh(ids: string[]): Promise<void> {
    const found = new Map((await this.states.load(ids)).map((s) => [s.id, s]));
    const now = this.clock.now();
    /** New to this process: no strangers any more (tracked here, or their partition holder's to claim). */
    const registered: string[] = [];
    for (const id of ids) {
      const snapshot = found.get(id);
      const known = this.devices.get(id);
      if (!snapshot) this.devices.remove(id);
      else if (known) this.devices.update(known, snapshot, now);
      // partitioned: a device not held here is its partition's owner's to claim when it is heard
      else if (this.partitioned) registered.push(id);
      else {
        this.devices.track(snapshot, now);
        registered.push(id);
      }
    }
    this.unknown.registered(registered);
  }

  /** Whether this process tracks the device (partitioned: whether it is in a partition held here and claimed). */
  tracks(id: string): boolean {
    return this.devices.has(id);
  }

  /**
   * Partitioned: these devices belong to a partition held here (a probe through the broker's hash said so). Each one not
   * tracked yet is read from the register, so its state is what its former owner wrote, and gets a full liveness window
   * from now, as at start-up: a takeover never sends a device offline before it had a whole window to be heard.
   */
  claim(ids: readonly string[]): void {
    for (const id of ids) if (!this.devices.has(id)) this.holdForClaim(id, null);
  }

  /** Every registered device's id (partitioned: for a probe round). */
  async registeredIds(): Promise<string[]> {
    return (await this.states.loadAll()).map((s) => s.id);
  }

  /** Devices read from the register or waiting for it. */
  get claimsPending(): number {
    return this.claiming.size;
  }

  /**
   * Partitioned: this process lost its partitions (its broker connection dropped; the queues' next consumers took them over).
   * What it had changed is written, then it tracks nothing until its partitions' messages come again.
   */
  async releaseAll(): Promise<number> {
    this.generation++;
    this.claiming.clear();
    await this.flush();
    const ids = [...this.devices.all()].map((d) => d.id);
    this.accountOnlineTime(this.clock.now());
    for (const id of ids) this.devices.remove(id);
    return ids.length;
  }

  stateOf(id: string): HealthState | undefined {
    return this.devices.get(id)?.health;
  }

  get trackedCount(): number {
    return this.devices.size;
  }

  /** Online time per device and hour, once a minute, written on the bulk lane. */
  accountOnlineTime(now: Date): void {
    this.online.account(now, this.devices.all());
    this.batch.writeOnlineTime();
  }

  /** Devices heard since the last snapshot get their last-seen written on the bulk lane. */
  snapshotLastSeen(): void {
    this.batch.snapshotLastSeen();
  }

  /** Resolves once the bulk writes queued so far are written. */
  drainBulk(): Promise<void> {
    return this.batch.drainBulk();
  }

  /** A looked-up device: tracked if the register has it (and no one tracked it meanwhile); answers whether it is tracked now. */
  private trackFound(id: string, snapshot: DeviceStateSnapshot | null): boolean {
    if (snapshot && !this.devices.has(id)) this.devices.track(snapshot, this.clock.now());
    return this.devices.has(id);
  }

  private holdForClaim(id: string, m: HeldMessage | null): void {
    let held = this.claiming.get(id);
    if (!held) this.claiming.set(id, (held = []));
    if (m && held.length < CLAIM_HELD_MAX) held.push(m);
    else if (m) this.unknown.handle(id, m);
    this.claimRun ??= new Promise<void>((resolve) => this.scheduler.after(CLAIM_GATHER_MS, resolve, 'ingest-claim-gather'))
      .then(() => this.readClaims())
      .finally(() => (this.claimRun = null));
  }

  /** Reads claimed devices from the register, a batch at a time, tracks those it has and replays their held messages in order. */
  private async readClaims(): Promise<void> {
    while (this.claiming.size > 0) {
      const generation = this.generation;
      const ids = [...this.claiming.keys()].slice(0, CLAIM_BATCH);
      let snapshots: DeviceStateSnapshot[];
      try {
        snapshots = await this.states.load(ids);
      } catch (err) {
        this.logger.warn(`claiming ${ids.length} devices: ${(err as Error).message}; retrying`);
        await new Promise<void>((resolve) => this.scheduler.after(CLAIM_RETRY_MS, resolve, 'ingest-claim-retry'));
        continue;
      }
      if (generation !== this.generation) continue;
      const found = new Map(snapshots.map((s) => [s.id, s]));
      const now = this.clock.now();
      for (const id of ids) {
        const held = this.claiming.get(id) ?? [];
        this.claiming.delete(id);
        const snapshot = found.get(id);
        if (snapshot && !this.devices.has(id)) this.devices.track(snapshot, now);
        // a device the register lacks goes the unknown way (looked up once more, then noted as discovered)
        for (const m of held) {
          if (this.devices.has(id)) this.handle(m.topic, m.payload, m.receivedAt, m.retained);
          else this.unknown.handle(id, m);
        }
      }
    }
  }

  private goOffline(device: TrackedDevice, at: Date, reason: 'missed-heartbeat' | 'status-offline'): void {
    this.devices.unwatch(device.id);
    const outcome = markOffline(device.health);
    const changes = outcome.changes.map((c) => (c.kind === 'status-changed' ? { ...c, reason } : c));
    this.batch.commit(device, outcome.state, changes, at, false);
  }
}
