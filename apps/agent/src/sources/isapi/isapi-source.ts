import type { AgentDevice } from '@vigil/domain';
import type { HealthSource, SourceSink } from '../health-source';
import type { SourceCounters } from '../source-counters';
import { HikvisionIsapiAdapter } from './hikvision-isapi.adapter';
import { RecorderReadError, type RecorderApiAdapter } from './recorder-api-adapter';

export interface IsapiSourceOptions {
  /** The vendor API; Hikvision ISAPI by default. */
  adapter?: RecorderApiAdapter;
  /** Per HTTP request; 5 s by default. */
  timeoutMs?: number;
  clock?: () => Date;
  counters?: SourceCounters;
}

/**
 * Polls each recorder (dvr/nvr with protocol 'isapi') every pollIntervalSec and reports what it read. A poll that
 * times out, is refused (401) or answers something unreadable gives no reading and is counted by reason; one poll per
 * device at a time.
 */
export function createIsapiSource(options: IsapiSourceOptions = {}): HealthSource {
  const adapter = options.adapter ?? new HikvisionIsapiAdapter({ timeoutMs: options.timeoutMs ?? 5000 });
  const clock = options.clock ?? (() => new Date());
  const count = (reason: string) => options.counters?.count(`isapi.${reason}`);
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  let stopped = false;

  async function poll(device: AgentDevice, sink: SourceSink): Promise<void> {
    try {
      const status = await adapter.read(device);
      if (stopped) return;
      const reading = { deviceId: device.deviceId, at: clock(), health: { disks: status.disks, channels: status.channels } };
      sink.reading(status.fw ? { ...reading, fw: status.fw } : reading);
    } catch (e) {
      count(e instanceof RecorderReadError ? e.reason : 'error');
    }
  }

  function schedule(device: AgentDevice, sink: SourceSink): void {
    let busy = false;
    const tick = () => {
      if (busy || stopped) return;
      busy = true;
      const p = poll(device, sink).finally(() => {
        busy = false;
        running.delete(p);
      });
      running.add(p);
    };
    tick();
    const timer = setInterval(tick, Math.max(1, device.pollIntervalSec) * 1000);
    timer.unref();
    timers.push(timer);
  }

  return {
    protocol: 'isapi',
    async start(devices, sink) {
      stopped = false;
      for (const device of devices) {
        if (device.protocol !== 'isapi') continue;
        if (device.type !== 'dvr' && device.type !== 'nvr') {
          count('unsupported-type');
          continue;
        }
        schedule(device, sink);
      }
    },
    async stop() {
      stopped = true;
      for (const t of timers.splice(0)) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
