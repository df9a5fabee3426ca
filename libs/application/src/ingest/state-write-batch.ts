import { Logger } from '@nestjs/common';
import type { DeviceChange, DeviceEvent, HealthState } from '@vigil/domain';
import type { DeviceStateRepository, LastSeenWrite, OnlineSample } from '../ports';
import { BulkLane } from './bulk-lane';

/** Devices per change transaction: a surge (first contact of a whole estate) is written in bounded steps. */
const CHANGE_CHUNK = 5000;
import type { DeviceEventBus } from '../events/device-event-bus';
import type { DeviceStatusFeed } from './device-status-feed';
import type { OnlineTimeAccounting } from './online-time';
import type { TrackedDevice, TrackedDevices } from './tracked-devices';
import type { UnknownDevices } from './unknown-devices';

/**
 * Heartbeats change in-memory state only; what changed is written in batches (one small transaction per
 * flush) together with the device events, so the database sees changes, not every message. Last-seen
 * alone (the next snapshot) and the online time go on a bulk lane of their own in bounded chunks: a
 * status change never waits behind them.
 */
export class StateWriteBatch {
  private readonly logger = new Logger('IngestService');
  private dirty = new Set<string>();
  private heardSinceSnapshot = new Set<string>();
  private events: DeviceEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly bulk = new BulkLane();

  constructor(
    private readonly states: DeviceStateRepository,
    private readonly eventBus: DeviceEventBus,
    private readonly statusFeed: DeviceStatusFeed,
    private readonly devices: TrackedDevices,
    private readonly online: OnlineTimeAccounting,
    private readonly unknown: UnknownDevices,
  ) {}

  /** The device's new state and what changed on the way; `seen`: it was heard. */
  commit(device: TrackedDevice, state: HealthState, changes: DeviceChange[], at: Date, seen: boolean): void {
    device.health = state;
    if (changes.some((c) => c.kind === 'status-changed')) device.statusChangedAt = at;
    for (const change of changes) this.events.push({ deviceId: device.id, siteId: device.siteId, at, change });
    if (changes.length > 0) this.dirty.add(device.id);
    // Last-seen alone is written by the next snapshot, not on every heartbeat.
    else if (seen) this.heardSinceSnapshot.add(device.id);
  }

  /**
   * Devices heard since the last snapshot get their last-seen written on the bulk lane, in chunks read
   * from memory as each is written. While the previous snapshot is still being written, this one waits
   * and its devices are written with the next.
   */
  snapshotLastSeen(): void {
    if (this.bulk.busy('last-seen') || this.heardSinceSnapshot.size === 0) return;
    const ids = [...this.heardSinceSnapshot];
    this.heardSinceSnapshot = new Set();
    this.bulk.enqueue(
      'last-seen',
      ids,
      (chunk) => this.states.saveLastSeen(this.lastSeenOf(chunk)),
      (chunk) => {
        for (const id of chunk) this.heardSinceSnapshot.add(id);
      },
    );
  }

  /** The online time counted so far, on the bulk lane; while the previous round is being written, counting goes on and merges. */
  writeOnlineTime(): void {
    if (this.bulk.busy('online') || !this.online.pending) return;
    const samples = [...this.online.take().values()];
    this.bulk.enqueue(
      'online',
      samples,
      (chunk: OnlineSample[]) => this.states.addOnlineTime(chunk),
      (chunk) => this.online.putBack(chunk),
    );
  }

  /** Resolves once the bulk lane has written (or handed back) everything queued. */
  drainBulk(): Promise<void> {
    return this.bulk.drain();
  }

  private lastSeenOf(ids: string[]): LastSeenWrite[] {
    const rows: LastSeenWrite[] = [];
    for (const id of ids) {
      const h = this.devices.get(id)?.health;
      if (h?.lastSeenAt) rows.push({ id, lastSeenAt: h.lastSeenAt, lastSeq: h.lastSeq, lastDeviceTs: h.lastDeviceTs });
    }
    return rows;
  }

  /** Writes what changed since the last flush; flushes never overlap. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write()).catch((err) => this.logger.error(`flush failed, will retry: ${(err as Error).message}`));
    return this.flushing;
  }

  /** Chunks of at most CHANGE_CHUNK devices, each in its own transaction, until what was pending when the flush began is written. */
  private async write(): Promise<void> {
    for (let left = Math.max(1, Math.ceil(this.dirty.size / CHANGE_CHUNK)); left > 0 && this.pending; left--) await this.writeChunk();
  }

  private get pending(): boolean {
    return this.dirty.size > 0 || this.events.length > 0 || this.unknown.pending;
  }

  private takeChunk(): { dirty: string[]; events: DeviceEvent[] } {
    if (this.dirty.size <= CHANGE_CHUNK) {
      const taken = { dirty: [...this.dirty], events: this.events };
      this.dirty = new Set();
      this.events = [];
      return taken;
    }
    const dirty: string[] = [];
    for (const id of this.dirty) {
      dirty.push(id);
      if (dirty.length === CHANGE_CHUNK) break;
    }
    for (const id of dirty) this.dirty.delete(id);
    const ids = new Set(dirty);
    const events: DeviceEvent[] = [];
    const rest: DeviceEvent[] = [];
    for (const e of this.events) (ids.has(e.deviceId) ? events : rest).push(e);
    this.events = rest;
    return { dirty, events };
  }

  private async writeChunk(): Promise<void> {
    const { dirty, events } = this.takeChunk();
    const discovered = this.unknown.take();
    const states = dirty.flatMap((id) => {
      const d = this.devices.get(id);
      return d ? [{ id, ...d.health, statusChangedAt: d.statusChangedAt }] : [];
    });
    try {
      await this.states.saveBatch(states, events, []);
    } catch (err) {
      // Nothing is lost: the chunk goes back with whatever arrived meanwhile.
      for (const id of dirty) this.dirty.add(id);
      this.events = [...events, ...this.events];
      this.unknown.putBack(discovered);
      throw err;
    }
    if (events.length > 0) {
      this.eventBus.announce();
      this.statusFeed.publish(
        events.flatMap((e) => (e.change.kind === 'status-changed' ? [{ deviceId: e.deviceId, siteId: e.siteId, status: e.change.to, at: e.at.toISOString() }] : [])),
      );
    }
    await this.unknown.record(discovered);
  }
}
