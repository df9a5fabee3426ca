import { heartbeatOf, type LoadDevice } from './load';
import type { PlatformProcess } from './platform-process';
import type { Publisher } from './publisher';
import { sleep, until } from './stats';

/**
 * Publish-to-visible latency: a probe camera flips between video ok and lost; the time from publishing
 * until GET /api/devices/{id} shows the change. One probe at a time, so probes never queue behind each other.
 */
export async function measureStateLatency(
  platform: PlatformProcess,
  publisher: Publisher,
  probes: LoadDevice[],
  durationMs: number,
  gapMs = 200,
): Promise<{ samples: number[]; timeouts: number }> {
  const samples: number[] = [];
  const lost = new Map(probes.map((p) => [p.id, false]));
  let timeouts = 0;
  const end = Date.now() + durationMs;
  for (let k = 0; Date.now() < end; k += 1) {
    const probe = probes[k % probes.length];
    const wantLost = !lost.get(probe.id);
    lost.set(probe.id, wantLost);
    const [topic] = heartbeatOf(probe);
    const payload = JSON.stringify({ ts: new Date().toISOString(), seq: probe.seq, type: 'camera', health: { video: wantLost ? 'lost' : 'ok', tamper: false, ptz: 'none' } });
    const t0 = performance.now();
    publisher.publish(topic, payload);
    const seen = await until(
      async () => {
        const d = await platform.device(probe.id);
        return d.conditions.some((c) => c.kind === 'video-loss') === wantLost;
      },
      5000,
      5,
    );
    if (seen) samples.push(performance.now() - t0);
    else timeouts += 1;
    await sleep(gapMs);
  }
  return { samples, timeouts };
}

export interface Silencing {
  stopAt: Map<string, number>;
  lastHeard: Map<string, number>;
  done: Promise<void>;
}

/** Heartbeats for the silent devices every `intervalMs`, each until its own stop time, staggered so detections never overlap. */
export function silenceOneByOne(publisher: Publisher, silent: LoadDevice[], intervalMs: number, warmMs: number, staggerMs: number): Silencing {
  const start = Date.now();
  const stopAt = new Map(silent.map((d, i) => [d.id, start + warmMs + i * staggerMs]));
  const lastHeard = new Map<string, number>();
  const done = (async () => {
    while ([...stopAt.values()].some((t) => t > Date.now())) {
      for (const d of silent) {
        if (Date.now() >= stopAt.get(d.id)!) continue;
        const [topic, payload] = heartbeatOf(d);
        publisher.publish(topic, payload);
        lastHeard.set(d.id, Date.now());
      }
      await sleep(intervalMs);
    }
  })();
  return { stopAt, lastHeard, done };
}

/** How long past its deadline (last heartbeat + missed × interval) each silent device was shown offline. */
export async function measureDetection(platform: PlatformProcess, s: Silencing, deadlineMs: number): Promise<{ samples: number[]; missed: number }> {
  const samples: number[] = [];
  let missed = 0;
  for (const [id, stop] of [...s.stopAt.entries()].sort((a, b) => a[1] - b[1])) {
    await sleep(Math.max(0, stop - Date.now()));
    const deadline = s.lastHeard.get(id)! + deadlineMs;
    await sleep(Math.max(0, deadline - 300 - Date.now()));
    const seenAt = await until(async () => ((await platform.device(id)).status === 'offline' ? Date.now() : null), deadlineMs + 10_000, 5);
    if (seenAt === null) missed += 1;
    else samples.push(seenAt - deadline);
  }
  return { samples, missed };
}
