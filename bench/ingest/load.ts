import type { Publisher } from './publisher';

export interface LoadDevice {
  id: string;
  type: 'camera' | 'dvr' | 'switch' | 'server';
  seq: number;
}

const HEALTH: Record<LoadDevice['type'], unknown> = {
  camera: { video: 'ok', tamper: false, ptz: 'none' },
  dvr: {
    disks: [
      { id: '1', state: 'ok' },
      { id: '2', state: 'ok' },
    ],
    channels: Array.from({ length: 8 }, (_, i) => ({ ch: i + 1, recording: true, videoLoss: false })),
  },
  switch: { ports: Array.from({ length: 16 }, (_, i) => ({ port: i + 1, up: true })), uplinkUp: true, tempC: 42 },
  server: { cpuPct: 18, diskPct: 41, services: [{ name: 'backup', up: true }] },
};

export function heartbeatOf(d: LoadDevice, topicPrefix = 'vigil/v1/devices'): [string, string] {
  d.seq += 1;
  return [`${topicPrefix}/${d.id}/heartbeat`, JSON.stringify({ ts: new Date().toISOString(), seq: d.seq, type: d.type, fw: 'V4.22.005', health: HEALTH[d.type] })];
}

/**
 * Every device once per interval, spread evenly: at each tick, publish the devices whose slot has come.
 * `behind` counts slots the publisher could not keep up with (acknowledgements outstanding).
 */
export class SteadyLoad {
  private cursor = 0;
  private due = 0;
  private timer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  behind = 0;

  constructor(
    private readonly devices: LoadDevice[],
    private readonly intervalMs: number,
    private readonly publisher: Publisher,
    private readonly topicPrefix?: string,
  ) {}

  start(): void {
    this.startedAt = Date.now();
    this.timer = setInterval(() => this.tick(), 10);
  }

  private tick(): void {
    const target = Math.floor(((Date.now() - this.startedAt) / this.intervalMs) * this.devices.length);
    while (this.due < target && this.publisher.canPublish()) {
      const [topic, payload] = heartbeatOf(this.devices[this.cursor], this.topicPrefix);
      this.publisher.publish(topic, payload);
      this.cursor = (this.cursor + 1) % this.devices.length;
      this.due += 1;
    }
    this.behind = target - this.due;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/** As fast as the publisher's window allows, for `durationMs`; answers how many were published. */
export async function flood(devices: LoadDevice[], publisher: Publisher, durationMs: number, topicPrefix?: string): Promise<number> {
  const end = Date.now() + durationMs;
  let i = 0;
  let count = 0;
  while (Date.now() < end) {
    // a bounded chunk per turn of the event loop, so acknowledgements get read
    for (let n = 0; n < 2000 && publisher.canPublish(); n += 1) {
      const [topic, payload] = heartbeatOf(devices[i], topicPrefix);
      publisher.publish(topic, payload);
      i = (i + 1) % devices.length;
      count += 1;
    }
    await new Promise((r) => setImmediate(r));
  }
  return count;
}
