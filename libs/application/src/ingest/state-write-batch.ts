import { Logger } from '@nestjs/common';
import type { DeviceChange, DeviceEvent, HealthState } from '@vigil/domain';
import type { DeviceStateRepository } from '../ports';
import type { DeviceEventBus } from '../events/device-event-bus';
import type { DeviceStatusFeed } from './device-status-feed';
import type { OnlineTimeAccounting } from './online-time';
import type { TrackedDevice, TrackedDevices } from './tracked-devices';
import type { UnknownDevices } from './unknown-devices';

/**
 * Heartbeats change in-memory state only; what changed is written in batches (one transaction per
 * flush) together with the device events and the online time, so the database sees changes, not every
 * message. Last-seen alone waits for the next snapshot.
 */
export class StateWriteBatch {
  private readonly logger = new Logger('IngestService');
  private dirty = new Set<string>();
  private heardSinceSnapshot = new Set<string>();
  private events: DeviceEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();

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

  /** Devices heard since the last snapshot get their last-seen written with the next batch. */
  snapshotLastSeen(): void {
    for (const id of this.heardSinceSnapshot) this.dirty.add(id);
    this.heardSinceSnapshot = new Set();
  }

  /** Writes what changed since the last flush; flushes never overlap. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write()).catch((err) => this.logger.error(`flush failed, will retry: ${(err as Error).message}`));
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.dirty.size === 0 && this.events.length === 0 && !this.online.pending && !this.unknown.pending) return;
    const [dirty, events] = [this.dirty, this.events];
    const online = this.online.take();
    const discovered = this.unknown.take();
    this.dirty = new Set();
    this.events = [];
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
      this.online.putBack(online);
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
