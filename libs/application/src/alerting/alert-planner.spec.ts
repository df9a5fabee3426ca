import type { Fault, OnCallRota } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AlertQueue, ScheduledActions } from '../ports';
import { AlertPlanner } from './alert-planner';
import type { RotaRouter } from './rota-router';

const openedAt = new Date('2026-11-22T02:00:00.000Z');
const fault = { id: 'f1', state: 'open', openedAt } as Fault;
const rota = { escalateAfterMinutes: [15, 30, 60], repeatEveryMinutes: 10 } as OnCallRota;

function setup() {
  const scheduled: { key: string; kind: string; dueAt: Date; payload: Record<string, unknown> }[] = [];
  const cancelled: string[] = [];
  const dropped: string[] = [];
  const actions = strictFake<ScheduledActions>('actions', {
    schedule: async (key: string, kind: string, dueAt: Date, payload: Record<string, unknown>) => void scheduled.push({ key, kind, dueAt, payload }),
    cancel: async (prefix: string) => void cancelled.push(prefix),
  });
  const queue = strictFake<AlertQueue>('queue', { dropAlertsOf: async (id: string) => void dropped.push(id) });
  const router = strictFake<RotaRouter>('router', { rotaFor: async () => rota });
  return { planner: new AlertPlanner(actions, router, queue), scheduled, cancelled, dropped };
}

describe(AlertPlanner.name, () => {
  it('should plan only the first alert when a fault opens, after its group wait', async () => {
    const { planner, scheduled } = setup();
    await planner.planOpened(fault, 30_000);
    expect(scheduled).toEqual([{ key: 'alert:f1:step:0', kind: 'alert-step', dueAt: new Date(openedAt.getTime() + 30_000), payload: { faultId: 'f1', step: 0 } }]);
  });

  it('should count escalation and repeats from the first alert sent', async () => {
    const { planner, scheduled } = setup();
    const firstSentAt = new Date(openedAt.getTime() + 95_000);
    await planner.planFollowUps(fault, firstSentAt);
    const after = (min: number) => new Date(firstSentAt.getTime() + min * 60_000);
    expect(scheduled.map((s) => [s.key, s.dueAt])).toEqual([
      ['alert:f1:step:1', after(15)],
      ['alert:f1:step:2', after(30)],
      ['alert:f1:step:3', after(60)],
      ['alert:f1:repeat', after(10)],
    ]);
    expect(scheduled[3].payload).toEqual({ faultId: 'f1', firstSentAt: firstSentAt.toISOString() });
  });

  it('should cancel the steps and repeats and drop the waiting alerts on every channel once acknowledged', async () => {
    const { planner, cancelled, dropped, scheduled } = setup();
    await planner.planChanged({ ...fault, state: 'acknowledged' }, null);
    expect(cancelled).toEqual(['alert:f1:', 'sla:f1:']);
    expect(dropped).toEqual(['f1']);
    expect(scheduled).toEqual([]);
  });

  it("should leave an open fault's alerts waiting", async () => {
    const { planner, cancelled, dropped } = setup();
    await planner.planChanged(fault, null);
    expect(cancelled).toEqual(['sla:f1:']);
    expect(dropped).toEqual([]);
  });
});
