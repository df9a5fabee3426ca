import { fork } from 'node:child_process';
import { join } from 'node:path';
import { flood, type LoadDevice } from './load';
import type { Publisher } from './publisher';
import { sleep } from './stats';

export interface Throughput {
  published: number;
  processed: number;
  perSec: number;
}

/** Waits until `count` stops rising (or reaches `expected`); answers the rate over the time it took. */
export async function settle(count: () => Promise<number>, base: number, expected: number, startedAt: number): Promise<Throughput> {
  let last = -1;
  let lastChange = Date.now();
  let now = 0;
  while (Date.now() - lastChange < 1500) {
    now = (await count()) - base;
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    }
    if (now >= expected) break;
    await sleep(100);
  }
  const seconds = (lastChange - startedAt) / 1000;
  return { published: expected, processed: now, perSec: Math.round(now / Math.max(seconds, 0.001)) };
}

/** The broker's own ceiling: the same flood to a bare counting subscriber in its own process. */
export async function brokerCeiling(brokerUrl: string, publisher: Publisher, devices: LoadDevice[], durationMs: number): Promise<Throughput> {
  const child = fork(join(__dirname, 'bare-subscriber.js'), [brokerUrl, 'bench/ceiling/#'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`bare subscriber exited with ${code}`)));
  });
  const ask = () =>
    new Promise<number>((resolve) => {
      child.once('message', (m: { count: number }) => resolve(m.count));
      child.send({ ask: true });
    });
  const startedAt = Date.now();
  const published = await flood(devices, publisher, durationMs, 'bench/ceiling');
  await publisher.drain();
  const result = await settle(ask, 0, published, startedAt);
  child.send({ quit: true });
  return result;
}
