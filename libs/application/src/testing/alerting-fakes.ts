import type { Fault, OnCallRota } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { ScheduledAction, ScheduledActions, TransactionRunner } from '../ports';
import type { FakeClock } from './fake-time';

export function makeFault(overrides: Partial<Fault> = {}): Fault {
  const openedAt = overrides.openedAt ?? new Date('2026-12-02T00:00:00Z');
  return {
    id: 'F1',
    deviceId: 'cam-1',
    siteId: 'S1',
    contractId: null,
    region: 'north',
    kind: 'offline',
    subject: null,
    level: 2,
    state: 'open',
    source: 'health',
    parentFaultId: null,
    affectedCount: 0,
    description: null,
    reporter: null,
    channel: null,
    plan: null,
    assigneeId: null,
    patrolId: null,
    openedAt,
    acknowledgedAt: null,
    dispatchedAt: null,
    arrivedAt: null,
    restoredAt: null,
    repairedAt: null,
    closedAt: null,
    clearedAt: null,
    resolution: null,
    pauses: [],
    updatedAt: openedAt,
    ...overrides,
  };
}

/** Two members on daily shifts from 2026-12-01 (so `bob` is on call on 2026-12-02, `ann` his backup), one supervisor, one manager, one chat. */
export function makeRota(overrides: Partial<OnCallRota> = {}): OnCallRota {
  return {
    id: 'R1',
    name: 'North',
    contractId: null,
    siteIds: null,
    regions: null,
    maxLevel: 4,
    cover: '7x24',
    members: ['ann', 'bob'],
    startsAt: '2026-12-01T00:00:00Z',
    shiftDays: 1,
    overrides: [],
    supervisorIds: ['sue'],
    managerIds: ['max'],
    webhooks: [{ format: 'json', url: 'https://chat.example/hook' }],
    escalateAfterMinutes: [15, 30, 60],
    repeatEveryMinutes: 20,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...overrides,
  };
}

/** A transaction runner without a database: the work just runs. */
export const passThroughTx = (): TransactionRunner => strictFake<TransactionRunner>('tx', { run: <T>(work: () => Promise<T>) => work() });

/**
 * Durable timers in a map, run on a fake clock as the real runner would: each due action handed to the handler
 * of its kind, then removed unless the handler moved it.
 */
export class InMemoryTimers {
  readonly stored = new Map<string, ScheduledAction>();
  private readonly handlers = new Map<string, (a: ScheduledAction) => Promise<void>>();
  private nextId = 1;
  readonly actions: ScheduledActions;

  constructor(private readonly clock: FakeClock) {
    this.actions = strictFake<ScheduledActions>('actions', {
      schedule: async (key: string, kind: string, dueAt: Date, payload: Record<string, unknown>) =>
        void this.stored.set(key, { id: this.nextId++, key, kind, dueAt, payload: JSON.parse(JSON.stringify(payload)) as Record<string, unknown>, attempts: 0 }),
      cancel: async (prefix: string) => {
        for (const key of [...this.stored.keys()]) if (key.startsWith(prefix)) this.stored.delete(key);
      },
      pending: async (prefix: string) => [...this.stored.values()].filter((a) => a.key.startsWith(prefix)),
    });
  }

  register(kind: string, handler: (a: ScheduledAction) => Promise<void>): void {
    this.handlers.set(kind, handler);
  }

  /** Timer keys by when they fall due, as `key@minutes after start` (or other units). */
  plan(start: Date, unitMs = 60_000): string[] {
    return [...this.stored.values()]
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.key.localeCompare(b.key))
      .map((a) => `${a.key}@${(a.dueAt.getTime() - start.getTime()) / unitMs}`);
  }

  /** Moves the clock on by `ms`, running each timer as it falls due. */
  async advance(ms: number): Promise<void> {
    const until = this.clock.now().getTime() + ms;
    for (;;) {
      const next = [...this.stored.values()].filter((a) => a.dueAt.getTime() <= until).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id)[0];
      if (!next) break;
      await this.clock.advance(Math.max(0, next.dueAt.getTime() - this.clock.now().getTime()));
      const handler = this.handlers.get(next.kind);
      if (!handler) throw new Error(`no handler for ${next.kind}`);
      await handler(next);
      if (this.stored.get(next.key) === next) this.stored.delete(next.key);
    }
    await this.clock.advance(until - this.clock.now().getTime());
  }
}
