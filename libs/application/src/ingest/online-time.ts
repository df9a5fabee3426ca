import type { OnlineSample } from '../ports';
import type { TrackedDevice } from './tracked-devices';

/** Online time per device and hour since the last write, counted on a clock of its own (once a minute). */
export class OnlineTimeAccounting {
  private online = new Map<string, OnlineSample>();
  private lastAccounting = 0;

  /** Counting starts at `now`. */
  startAt(now: Date): void {
    this.lastAccounting = now.getTime();
  }

  account(now: Date, devices: Iterable<TrackedDevice>): void {
    const elapsedSec = Math.round((now.getTime() - this.lastAccounting) / 1000);
    this.lastAccounting = now.getTime();
    if (elapsedSec <= 0) return;
    const hour = now.toISOString().slice(0, 13);
    for (const d of devices) {
      if (d.health.status === 'unknown') continue;
      const key = `${d.id}|${hour}`;
      const sample = this.online.get(key) ?? { deviceId: d.id, hour, onlineSec: 0, observedSec: 0 };
      sample.observedSec += elapsedSec;
      if (d.health.status !== 'offline') sample.onlineSec += elapsedSec;
      this.online.set(key, sample);
    }
  }

  get pending(): boolean {
    return this.online.size > 0;
  }

  /** What is counted so far, for a write; counting goes on from empty. */
  take(): Map<string, OnlineSample> {
    const taken = this.online;
    this.online = new Map();
    return taken;
  }

  /** A write failed: its samples are counted again, added to whatever was counted meanwhile. */
  putBack(taken: Iterable<OnlineSample>): void {
    for (const s of taken) {
      const key = `${s.deviceId}|${s.hour}`;
      const now = this.online.get(key);
      if (now) {
        now.onlineSec += s.onlineSec;
        now.observedSec += s.observedSec;
      } else this.online.set(key, { ...s });
    }
  }
}
