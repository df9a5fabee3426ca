import { initialHealth, LivenessMonitor, sendsHeartbeats, type DeviceType, type HealthState } from '@vigil/domain';
import type { DeviceStateSnapshot } from '../ports';

export interface TrackedDevice {
  id: string;
  type: DeviceType;
  siteId: string;
  intervalSec: number;
  health: HealthState;
  statusChangedAt: Date | null;
  /** Away on a loan while a loaner stands in: off the liveness watch, its silence says nothing. */
  away: boolean;
}

/**
 * The register as ingest holds it in memory, with each heartbeat sender's liveness deadline. While the
 * broker link is down silence says nothing about the devices, so no deadline falls due.
 */
export class TrackedDevices {
  private readonly devices = new Map<string, TrackedDevice>();
  private readonly liveness: LivenessMonitor;
  private linkDownSince: Date | null = null;

  constructor(private readonly missedHeartbeats: number) {
    this.liveness = new LivenessMonitor(missedHeartbeats);
  }

  get(id: string): TrackedDevice | undefined {
    return this.devices.get(id);
  }

  has(id: string): boolean {
    return this.devices.has(id);
  }

  get size(): number {
    return this.devices.size;
  }

  /** How many devices have a liveness deadline. */
  get watched(): number {
    return this.liveness.size;
  }

  all(): IterableIterator<TrackedDevice> {
    return this.devices.values();
  }

  track(s: DeviceStateSnapshot, now: Date): void {
    const health: HealthState = {
      ...initialHealth(s.firmware),
      status: s.status,
      conditions: s.conditions,
      lastSeq: s.lastSeq,
      lastDeviceTs: s.lastDeviceTs,
      lastSeenAt: s.lastSeenAt,
    };
    const device = { id: s.id, type: s.type, siteId: s.siteId, intervalSec: s.heartbeatIntervalSec, health, statusChangedAt: s.statusChangedAt, away: s.away ?? false };
    this.devices.set(s.id, device);
    this.watchIfLive(device, now);
  }

  /** The register edited a device: its new interval counts from when it was last heard; one back from a loan gets a full window from now. */
  update(known: TrackedDevice, s: DeviceStateSnapshot, now: Date): void {
    const wasAway = known.away;
    Object.assign(known, { type: s.type, siteId: s.siteId, intervalSec: s.heartbeatIntervalSec, away: s.away ?? false });
    if (known.away) this.liveness.forget(known.id);
    else if (wasAway) this.watchIfLive(known, now);
    else if (this.liveness.deadlineOf(known.id) !== undefined && known.health.lastSeenAt) {
      this.liveness.heard(known.id, known.intervalSec, known.health.lastSeenAt.getTime());
    }
  }

  /** Never-heard devices stay `unknown` until their first heartbeat; offline ones stay offline until heard; away ones are not watched. */
  private watchIfLive(d: TrackedDevice, now: Date): void {
    const { status, lastSeenAt } = d.health;
    if (!d.away && sendsHeartbeats(d.type) && lastSeenAt && status !== 'offline' && status !== 'unknown') this.liveness.resume(d.id, d.intervalSec, now.getTime());
  }

  remove(id: string): void {
    this.devices.delete(id);
    this.liveness.forget(id);
  }

  heard(device: TrackedDevice, at: Date): void {
    if (!device.away) this.liveness.heard(device.id, device.intervalSec, at.getTime());
  }

  /** The device went offline: it has no deadline until it is heard again. */
  unwatch(id: string): void {
    this.liveness.forget(id);
  }

  heardWithinWindow(device: TrackedDevice, now: Date): boolean {
    const seen = device.health.lastSeenAt;
    return seen !== null && now.getTime() - seen.getTime() < LivenessMonitor.windowMs(device.intervalSec, this.missedHeartbeats);
  }

  /** Devices silent past their deadline at `now`, each once; none while the link is down. */
  overdue(now: Date): TrackedDevice[] {
    if (this.linkDownSince) return [];
    return this.liveness.expire(now.getTime()).flatMap((id) => this.devices.get(id) ?? []);
  }

  get linkDown(): boolean {
    return this.linkDownSince !== null;
  }

  /** Answers false when the link was already down. */
  pause(at: Date): boolean {
    if (this.linkDownSince) return false;
    this.linkDownSince = at;
    return true;
  }

  /** The link is back: every watched device gets a full window from now, as after a restart. Answers how long it was down, or null if it was not. */
  resume(at: Date): number | null {
    if (!this.linkDownSince) return null;
    const downMs = at.getTime() - this.linkDownSince.getTime();
    this.linkDownSince = null;
    for (const d of this.devices.values()) {
      if (this.liveness.deadlineOf(d.id) !== undefined) this.liveness.resume(d.id, d.intervalSec, at.getTime());
    }
    return downMs;
  }
}
