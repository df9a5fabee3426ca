import type { AgentDevice } from '@vigil/domain';

/**
 * Polls each device every `pollIntervalSec`, the first at once, at most `maxInFlight` at a time; a device whose previous
 * poll is still running (or waiting for a slot) skips its turn rather than piling up.
 */
export class Poller {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly busy = new Set<string>();
  private readonly waiting: (() => void)[] = [];
  private inFlight = 0;
  private stopped = false;

  constructor(
    private readonly maxInFlight: number,
    private readonly pollOne: (d: AgentDevice) => Promise<void>,
  ) {}

  start(devices: readonly AgentDevice[]): void {
    this.stopped = false;
    for (const d of devices) {
      const tick = () => void this.run(d);
      tick();
      const t = setInterval(tick, d.pollIntervalSec * 1000);
      t.unref();
      this.timers.set(d.deviceId, t);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearInterval(t);
    this.timers.clear();
    this.waiting.length = 0;
  }

  private async run(d: AgentDevice): Promise<void> {
    if (this.busy.has(d.deviceId) || this.stopped) return;
    this.busy.add(d.deviceId);
    try {
      if (this.inFlight >= this.maxInFlight) await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (this.stopped) return;
      this.inFlight += 1;
      try {
        await this.pollOne(d);
      } finally {
        this.inFlight -= 1;
        this.waiting.shift()?.();
      }
    } finally {
      this.busy.delete(d.deviceId);
    }
  }
}
