// observability and application import each other: load them in the order the apps do
import '@vigil/observability';
import { formatLocalTime, type Fault, type FaultSla, type MaintenanceWindow, type OnCallRota, type Site, type SlaStepOutcome, type User, type WebhookTarget } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { FaultService, FaultView } from '../faults/fault.service';
import type { AlertQueue, MaintenanceWindowRepository, NotificationLog, NotificationRecord, SiteRepository, UserRepository } from '../ports';
import type { ScheduledActionRunner } from '../scheduling/scheduled-action-runner';
import { InMemoryTimers, makeFault, makeRota, passThroughTx } from '../testing/alerting-fakes';
import { fakeTime } from '../testing/fake-time';
import type { AlertBudgetService, AlertOffer } from './alert-budget.service';
import { AlertDispatcher } from './alert-dispatcher';
import { AlertEscalation } from './alert-escalation';
import { AlertPlanner } from './alert-planner';
import { AlertSender } from './alert-sender';
import { DispatchNotices } from './dispatch-notices';
import type { RotaRouter } from './rota-router';
import { SlaNotices } from './sla-notices';

const T0 = new Date('2026-12-02T02:00:00Z');
const MIN = 60_000;

interface Offer {
  faultId: string;
  alert: AlertOffer;
  userIds: string[];
  hooks: WebhookTarget[];
}

/**
 * The alert timers of one fault, run on a fake clock through the real dispatcher, planner and the classes it hands
 * them to; the budget only records what it was offered, and the fault service is reduced to a map.
 */
function setUp(options: { rota?: OnCallRota | null; fault?: Partial<Fault> } = {}) {
  const { clock } = fakeTime(T0);
  const timers = new InMemoryTimers(clock);
  const state = {
    fault: makeFault({ openedAt: T0, updatedAt: T0, ...options.fault }),
    rota: options.rota === undefined ? makeRota() : options.rota,
    windows: [] as MaintenanceWindow[],
    sla: null as FaultSla | null,
    /** Runs while an alert is being offered: a person acting meanwhile. */
    duringOffer: null as (() => void) | null,
  };
  const offers: Offer[] = [];
  const log: NotificationRecord[] = [];
  const notedSla: unknown[][] = [];
  const faults = strictFake<FaultService>('faults', {
    require: async (id: string) => {
      if (id !== state.fault.id) throw new Error(`no fault ${id}`);
      return { ...state.fault };
    },
    view: async (f: Fault): Promise<FaultView> => ({ ...f, sla: state.sla }),
    noteSla: async (...args: unknown[]) => void notedSla.push(args),
  });
  const router = strictFake<RotaRouter>('router', { rotaFor: async () => state.rota });
  const budget = strictFake<AlertBudgetService>('budget', {
    offer: async (fault: Fault, alert: AlertOffer, userIds: string[], hooks: WebhookTarget[]) => {
      offers.push({ faultId: fault.id, alert, userIds, hooks });
      state.duringOffer?.();
      return userIds.length + hooks.length;
    },
  });
  const windows = strictFake<MaintenanceWindowRepository>('windows', { activeAt: async () => state.windows });
  const notifications = strictFake<NotificationLog>('log', { record: async (rows: NotificationRecord[]) => void log.push(...rows) });
  const users = strictFake<UserRepository>('users', { findById: async (id: string) => ({ id, username: id, displayName: `${id[0].toUpperCase()}${id.slice(1)}` }) as User });
  const sites = strictFake<SiteRepository>('sites', { findById: async () => ({ id: 'S1', timeZone: 'Asia/Shanghai' }) as Site });
  const tx = passThroughTx();
  const planner = new AlertPlanner(timers.actions, router, strictFake<AlertQueue>('queue'));
  const sender = new AlertSender(budget, windows, notifications, clock);
  const dispatcher = new AlertDispatcher(
    strictFake<ScheduledActionRunner>('runner', { register: (kind: string, handler: Parameters<InMemoryTimers['register']>[1]) => timers.register(kind, handler) }),
    new AlertEscalation(faults, router, planner, sender, timers.actions, clock, tx),
    new SlaNotices(faults, router, sites, sender, clock),
    new DispatchNotices(faults, router, users, sender, clock),
    budget,
  );
  dispatcher.start();
  return { clock, timers, state, offers, log, notedSla, planner, plan: () => timers.plan(T0) };
}

const maintenance = (overrides: Partial<MaintenanceWindow> = {}): MaintenanceWindow => ({
  id: 'W1',
  name: 'camera swap',
  startsAt: new Date(T0.getTime() - MIN),
  endsAt: new Date(T0.getTime() + 60 * MIN),
  siteIds: ['S1'],
  deviceIds: null,
  reason: null,
  createdBy: 'sue',
  createdAt: T0,
  ...overrides,
});

describe(AlertEscalation.name, () => {
  it('should send the first alert to the one on call and the rota chat, leaving the follow-ups to the first send', async () => {
    const t = setUp();
    await t.planner.planOpened(t.state.fault);
    await t.timers.advance(0);
    expect(t.offers).toEqual([{ faultId: 'F1', alert: { kind: 'alert', reason: 'new fault', step: 0 }, userIds: ['bob'], hooks: t.state.rota!.webhooks }]);
    // the budget plans escalation and repeats once the message has actually gone
    expect(t.plan()).toEqual([]);
  });

  it('should escalate step by step to the backup, the supervisors (with the chat) and the managers while no one acknowledges', async () => {
    const t = setUp();
    await t.planner.planFollowUps(t.state.fault, T0);
    await t.timers.advance(15 * MIN);
    expect(t.offers.map((o) => [o.alert.reason, o.alert.step, o.userIds, o.hooks.length])).toEqual([['not acknowledged: escalated to backup', 1, ['ann'], 0]]);
    await t.timers.advance(15 * MIN);
    expect(t.offers.slice(1).map((o) => [o.alert.reason, o.userIds, o.hooks.length])).toEqual([
      ['still not acknowledged', ['bob', 'ann'], 0],
      ['not acknowledged: escalated to supervisor', ['sue'], 1],
    ]);
    await t.timers.advance(30 * MIN);
    expect(t.offers.slice(3).map((o) => [o.alert.reason, o.alert.step, o.userIds])).toEqual([
      ['still not acknowledged', 2, ['bob', 'ann', 'sue']],
      ['not acknowledged: escalated to manager', 3, ['max']],
      ['still not acknowledged', 3, ['bob', 'ann', 'sue', 'max']],
    ]);
  });

  it('should repeat to everyone told so far and reschedule the repeat, counted from the first send', async () => {
    const t = setUp();
    await t.planner.planFollowUps(t.state.fault, T0);
    await t.timers.actions.cancel('alert:F1:step:');
    await t.timers.advance(20 * MIN);
    expect(t.offers).toEqual([{ faultId: 'F1', alert: { kind: 'alert', reason: 'still not acknowledged', step: 1 }, userIds: ['bob', 'ann'], hooks: [] }]);
    expect(t.plan()).toEqual(['alert:F1:repeat@40']);
    expect(t.timers.stored.get('alert:F1:repeat')?.payload).toEqual({ faultId: 'F1', firstSentAt: T0.toISOString() });
    await t.timers.advance(20 * MIN);
    expect(t.offers[1]).toEqual(expect.objectContaining({ alert: expect.objectContaining({ step: 2 }), userIds: ['bob', 'ann', 'sue'] }));
    expect(t.plan()).toEqual(['alert:F1:repeat@60']);
  });

  it('should stop once the fault is acknowledged, and not bring back a repeat acknowledged while it was being sent', async () => {
    const t = setUp();
    await t.planner.planFollowUps(t.state.fault, T0);
    await t.timers.actions.cancel('alert:F1:step:');
    t.state.duringOffer = () => void (t.state.fault = { ...t.state.fault, state: 'acknowledged' });
    await t.timers.advance(20 * MIN);
    expect(t.offers).toHaveLength(1);
    expect(t.plan()).toEqual([]);

    const later = setUp({ fault: { state: 'acknowledged' } });
    await later.planner.planFollowUps(later.state.fault, T0);
    await later.timers.advance(120 * MIN);
    expect(later.offers).toEqual([]);
    expect(later.log).toEqual([]);
  });
});

describe(AlertSender.name, () => {
  it('should record a first alert muted by a maintenance window, and still plan its follow-ups from then', async () => {
    const t = setUp();
    t.state.windows = [maintenance()];
    await t.planner.planOpened(t.state.fault);
    await t.timers.advance(0);
    expect(t.offers).toEqual([]);
    expect(t.log).toEqual([
      { faultId: 'F1', at: T0, reason: 'new fault', step: 0, channel: 'dashboard', recipient: '*', status: 'muted', detail: 'maintenance window camera swap' },
    ]);
    expect(t.plan()).toEqual(['alert:F1:step:1@15', 'alert:F1:repeat@20', 'alert:F1:step:2@30', 'alert:F1:step:3@60']);
  });

  it('should not be muted by a window over another site or one that has ended', async () => {
    const t = setUp();
    t.state.windows = [maintenance({ siteIds: ['S2'] }), maintenance({ endsAt: T0 })];
    await t.planner.planOpened(t.state.fault);
    await t.timers.advance(0);
    expect(t.offers).toHaveLength(1);
  });

  it('should record a failure when no rota covers the fault', async () => {
    const t = setUp({ rota: null });
    await t.planner.planOpened(t.state.fault);
    await t.timers.advance(0);
    expect(t.offers).toEqual([]);
    expect(t.log).toEqual([
      expect.objectContaining({ faultId: 'F1', channel: 'dashboard', recipient: 'operators', status: 'failed', detail: 'no on-call rota covers this fault' }),
    ]);
  });
});

const pending = (due: Date): SlaStepOutcome => ({ due, status: 'pending', warnAt: new Date(due.getTime() - 15 * MIN), completedAt: null });
const slaWith = (respond: SlaStepOutcome): FaultSla => {
  const none: SlaStepOutcome = { due: null, status: null, warnAt: null, completedAt: null };
  return { respond, arrive: none, restore: none, repair: none, calendarMissing: [], note: null };
};

describe(SlaNotices.name, () => {
  const due = new Date(T0.getTime() + 60 * MIN);

  it('should warn the supervisors and the assignee at 75 % of the step, with the due time in the site zone', async () => {
    const t = setUp({ fault: { assigneeId: 'eve' } });
    t.state.sla = slaWith(pending(due));
    await t.planner.planChanged(t.state.fault, t.state.sla);
    await t.timers.advance(45 * MIN);
    expect(t.notedSla).toEqual([['F1', 'respond', 'warning', due]]);
    expect(t.offers).toEqual([
      {
        faultId: 'F1',
        alert: { kind: 'sla', reason: `SLA respond at 75 % (due ${formatLocalTime(due, 'Asia/Shanghai')})`, step: 1 },
        userIds: ['sue', 'eve'],
        hooks: t.state.rota!.webhooks,
      },
    ]);
    expect(t.offers[0].alert.reason).toContain('(Asia/Shanghai)');
  });

  it('should tell the managers too on a breach, and nothing when the step was met or is not breached', async () => {
    const t = setUp({ fault: { assigneeId: 'eve' } });
    t.state.sla = slaWith(pending(due));
    await t.planner.planChanged(t.state.fault, t.state.sla);
    t.state.sla = slaWith({ ...pending(due), status: 'breached' });
    await t.timers.advance(61 * MIN);
    expect(t.offers.map((o) => [o.alert.reason.split(' (')[0], o.alert.step, o.userIds])).toEqual([
      ['SLA respond at 75 %', 1, ['sue', 'eve']],
      ['SLA respond breached', 2, ['sue', 'max', 'eve']],
    ]);

    const met = setUp();
    met.state.sla = slaWith(pending(due));
    await met.planner.planChanged(met.state.fault, met.state.sla);
    met.state.sla = slaWith({ ...pending(due), status: 'met' });
    await met.timers.advance(61 * MIN);
    expect(met.offers).toEqual([]);

    const running = setUp();
    running.state.sla = slaWith(pending(due));
    await running.planner.planChanged(running.state.fault, running.state.sla);
    await running.timers.actions.cancel('sla:F1:respond:warning');
    await running.timers.advance(61 * MIN);
    expect(running.offers).toEqual([]);
    expect(running.notedSla).toEqual([]);
  });
});

describe(DispatchNotices.name, () => {
  it('should tell the assignee at once, with the chat of a rota they are on, even inside a maintenance window', async () => {
    const t = setUp({ fault: { assigneeId: 'ann', state: 'dispatched' } });
    t.state.windows = [maintenance()];
    await t.planner.planDispatched(t.state.fault);
    await t.timers.advance(0);
    expect(t.offers).toEqual([{ faultId: 'F1', alert: { kind: 'notice', reason: 'dispatched to Ann', step: 0 }, userIds: ['ann'], hooks: t.state.rota!.webhooks }]);
    expect(t.log).toEqual([]);
  });

  it('should tell an assignee on no rota by their own channels only, and no one once the fault went to someone else', async () => {
    const t = setUp({ fault: { assigneeId: 'eve', state: 'dispatched' } });
    await t.planner.planDispatched(t.state.fault);
    await t.timers.advance(0);
    expect(t.offers).toEqual([expect.objectContaining({ userIds: ['eve'], hooks: [] })]);

    const moved = setUp({ fault: { assigneeId: 'ann', state: 'dispatched' }, rota: null });
    await moved.planner.planDispatched(moved.state.fault);
    moved.state.fault = { ...moved.state.fault, assigneeId: 'bob' };
    await moved.timers.advance(0);
    expect(moved.offers).toEqual([]);
  });
});

describe(AlertDispatcher.name, () => {
  it('should hand each stored timer kind to what sends it', async () => {
    const t = setUp();
    for (const kind of ['alert-step', 'alert-repeat', 'sla-check', 'alert-dispatched']) {
      await t.timers.actions.schedule(
        `x:${kind}`,
        kind,
        T0,
        kind === 'alert-step' ? { faultId: 'F1', step: 0 } : { faultId: 'F1', assigneeId: 'nobody', step: 'respond', kind: 'warning' },
      );
    }
    await expect(t.timers.advance(0)).resolves.toBeUndefined();
    expect(t.offers.map((o) => o.alert.reason)).toEqual(['new fault', 'still not acknowledged']);
  });
});
