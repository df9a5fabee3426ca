import { AlertQueue, ScheduledActionRunner, ScheduledActions } from '@vigil/application';
import type { TestPlatform } from './test-platform';
import { waitFor } from './wait-for';

/**
 * Waits until no alert of these faults waits in any recipient's queue, after the runner's pass that may
 * have been running has ended. Every queue holding something has its digest timer, so those timers name
 * every queue to look in.
 */
export async function nothingQueued(platform: TestPlatform, faultIds: string[], timeoutMs = 15_000): Promise<void> {
  const actions = platform.app.get(ScheduledActions);
  const queue = platform.app.get(AlertQueue);
  await platform.app.get(ScheduledActionRunner).runDue();
  await waitFor(async () => {
    const recipients = (await actions.pending('alert-digest:')).map((a) => String(a.payload.recipient));
    const waiting = (await Promise.all(recipients.map((r) => queue.waiting(r)))).flat();
    return !waiting.some((w) => faultIds.includes(w.faultId));
  }, timeoutMs);
}

/** Waits until nothing more about these faults can go out: none of their steps or repeats is planned and none of their alerts waits. */
export async function alertsSettled(platform: TestPlatform, faultIds: string[], timeoutMs = 15_000): Promise<void> {
  const actions = platform.app.get(ScheduledActions);
  await waitFor(async () => (await Promise.all(faultIds.map((id) => actions.pending(`alert:${id}:`)))).every((left) => left.length === 0), timeoutMs);
  await nothingQueued(platform, faultIds, timeoutMs);
}
