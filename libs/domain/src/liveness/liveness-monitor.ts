import { DeadlineWheel } from './deadline-wheel';

/** When each device must next be heard from: heartbeatIntervalSec × missedHeartbeats after it was last heard. */
export class LivenessMonitor {
  private readonly queue = new DeadlineWheel();

  constructor(private readonly missedHeartbeats: number) {}

  static windowMs(intervalSec: number, missedHeartbeats: number): number {
    return intervalSec * missedHeartbeats * 1000;
  }

  /** The device was heard at `seenAt`; it is overdue once the window passes without another word. */
  heard(deviceId: string, intervalSec: number, seenAt: number): void {
    this.queue.touch(deviceId, seenAt + LivenessMonitor.windowMs(intervalSec, this.missedHeartbeats));
  }

  /**
   * After a restart every device gets one full window from now: a restart never floods false
   * offlines, and a device that died while ingest was down is still caught one window later.
   */
  resume(deviceId: string, intervalSec: number, now: number): void {
    this.queue.touch(deviceId, now + LivenessMonitor.windowMs(intervalSec, this.missedHeartbeats));
  }

  forget(deviceId: string): void {
    this.queue.remove(deviceId);
  }

  /** Devices overdue at `now`; each is answered once until it is heard again. */
  expire(now: number): string[] {
    return this.queue.popExpired(now);
  }

  nextDeadline(): number | undefined {
    return this.queue.nextDeadline();
  }

  deadlineOf(deviceId: string): number | undefined {
    return this.queue.deadlineOf(deviceId);
  }

  get size(): number {
    return this.queue.size;
  }
}
