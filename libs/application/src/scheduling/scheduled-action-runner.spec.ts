import type { ScheduledAction, ScheduledActions } from '../ports';
import { fakeTime, type FakeClock } from '../testing';
import { ScheduledActionRunner } from './scheduled-action-runner';

/** The persistence adapter's rules in memory: a claim leases (moves dueAt) and counts the attempt; complete removes unless moved meanwhile. */
class MemoryActions implements Pick<ScheduledActions, 'schedule' | 'claimDue' | 'complete'> {
  readonly rows = new Map<string, ScheduledAction>();
  private id = 0;

  async schedule(key: string, kind: string, dueAt: Date, payload: Record<string, unknown>): Promise<void> {
    this.rows.set(key, { id: ++this.id, key, kind, dueAt, payload, attempts: 0 });
  }

  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ScheduledAction[]> {
    const due = [...this.rows.values()]
      .filter((a) => a.dueAt <= now)
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
      .slice(0, limit);
    for (const a of due) Object.assign(a, { dueAt: leaseUntil, attempts: a.attempts + 1 });
    return due.map((a) => ({ ...a }));
  }

  async complete(action: ScheduledAction): Promise<void> {
    if (this.rows.get(action.key)?.attempts === action.attempts) this.rows.delete(action.key);
  }
}

describe(ScheduledActionRunner.name, () => {
  let clock: FakeClock;
  let actions: MemoryActions;
  let runner: ScheduledActionRunner;
  let ran: { key: string; at: string; attempt: number }[];

  beforeEach(() => {
    const time = fakeTime('2026-12-02T08:00:00Z');
    clock = time.clock;
    actions = new MemoryActions();
    runner = new ScheduledActionRunner(actions as unknown as ScheduledActions, clock, time.scheduler);
    ran = [];
  });

  afterEach(() => runner.stop());

  it('should run a due action on the first tick after its time, once, and remove it', async () => {
    runner.register('escalate', async (a) => void ran.push({ key: a.key, at: clock.now().toISOString(), attempt: a.attempts }));
    await actions.schedule('fault:1:escalate', 'escalate', new Date('2026-12-02T08:00:10Z'), {});
    runner.start();

    await clock.advance(9_999);
    expect(ran).toEqual([]);
    await clock.advance(60_000);
    expect(ran).toEqual([{ key: 'fault:1:escalate', at: '2026-12-02T08:00:10.000Z', attempt: 1 }]);
    expect(actions.rows.size).toBe(0);
  });

  it('should retry a failing action when its lease runs out, and give up after the fifth attempt', async () => {
    runner.register('escalate', async (a) => {
      ran.push({ key: a.key, at: clock.now().toISOString(), attempt: a.attempts });
      throw new Error('mail server down');
    });
    await actions.schedule('fault:1:escalate', 'escalate', clock.now(), {});
    runner.start();

    await clock.advance(10 * 60_000);
    expect(ran.map((r) => r.attempt)).toEqual([1, 2, 3, 4, 5]);
    // each retry waits out the 60 s lease of the attempt before
    expect(ran.map((r) => r.at)).toEqual(['08:00:00', '08:01:00', '08:02:00', '08:03:00', '08:04:00'].map((t) => `2026-12-02T${t}.500Z`));
    expect(actions.rows.size).toBe(0);
  });

  it('should leave an action of a kind it has no handler for to the process that has one', async () => {
    await actions.schedule('patrol:1:overdue', 'patrol-overdue', clock.now(), {});
    runner.start();

    await clock.advance(5_000);
    expect(actions.rows.get('patrol:1:overdue')?.attempts).toBe(1);
    expect(actions.rows.get('patrol:1:overdue')?.dueAt.toISOString()).toBe('2026-12-02T08:01:00.500Z');
  });

  it('should keep an action that was moved while it ran', async () => {
    runner.register('escalate', async (a) => {
      ran.push({ key: a.key, at: clock.now().toISOString(), attempt: a.attempts });
      if (ran.length === 1) await actions.schedule(a.key, a.kind, new Date('2026-12-02T09:00:00Z'), {});
    });
    await actions.schedule('fault:1:escalate', 'escalate', clock.now(), {});
    runner.start();

    await clock.advance(30 * 60_000);
    expect(ran).toHaveLength(1);
    await clock.advance(31 * 60_000);
    expect(ran.map((r) => r.at)).toEqual(['2026-12-02T08:00:00.500Z', '2026-12-02T09:00:00.000Z']);
  });

  it('should tick on the fake clock only, and run nothing once stopped', async () => {
    runner.register('escalate', async (a) => void ran.push({ key: a.key, at: clock.now().toISOString(), attempt: a.attempts }));
    runner.start();
    await clock.advance(60 * 60_000);
    expect(clock.pending).toEqual(['scheduled-actions']);

    await runner.stop();
    await actions.schedule('fault:1:escalate', 'escalate', clock.now(), {});
    await clock.advance(60_000);
    expect(ran).toEqual([]);
    expect(clock.pending).toEqual([]);
  });
});
