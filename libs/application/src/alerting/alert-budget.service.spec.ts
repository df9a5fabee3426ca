// observability and application import each other: load them in the order the apps do
import '@vigil/observability';
import type { VigilConfig } from '@vigil/config';
import type { Fault, QueuedAlert, QuietHours, Site, User, WebhookTarget } from '@vigil/domain';
import type { Metrics } from '@vigil/observability';
import { strictFake } from '../../../../test/support/strict-fake';
import type { FaultContextService } from '../faults/fault-context.service';
import type { AccessPolicy } from '../identity/access-policy';
import type { AlertQueue, FaultRepository, MailMessage, Mailer, NotificationLog, NotificationRecord, SiteRepository, StoredAlert, UserRepository, WebhookSender } from '../ports';
import { InMemoryTimers, makeFault, makeRota, passThroughTx } from '../testing/alerting-fakes';
import { fakeTime, type FakeClock } from '../testing/fake-time';
import { AlertBudgetService, type AlertOffer } from './alert-budget.service';
import { AlertPlanner } from './alert-planner';
import type { RotaRouter } from './rota-router';

const T0 = new Date('2026-12-02T02:00:00Z'); // 10:00 in Shanghai
const SEC = 1000;
const DIGEST_SEC = 60;
const HOOK: WebhookTarget = { format: 'json', url: 'https://chat.example/hook' };

/** The alert queue's rows in memory: per recipient, when they were last sent something and what waits. */
class InMemoryAlertQueue {
  readonly lastSent = new Map<string, Date>();
  readonly rows: StoredAlert[] = [];
  private nextId = 1;
  readonly port = strictFake<AlertQueue>('queue', {
    lockRecipient: async (recipient: string) => ({ lastSentAt: this.lastSent.get(recipient) ?? null }),
    markSent: async (recipient: string, at: Date) => void this.lastSent.set(recipient, at),
    enqueue: async (recipient: string, alert: QueuedAlert) => void this.rows.push({ ...alert, id: this.nextId++, recipient }),
    waiting: async (recipient: string) => this.rows.filter((r) => r.recipient === recipient),
    remove: async (ids: number[]) => {
      for (const id of ids)
        this.rows.splice(
          this.rows.findIndex((r) => r.id === id),
          1,
        );
    },
    dropAlertsOf: async (faultId: string) => {
      for (const row of this.rows.filter((r) => r.faultId === faultId && r.kind === 'alert')) this.rows.splice(this.rows.indexOf(row), 1);
    },
  });
}

interface BudgetDeps {
  clock: FakeClock;
  timers: InMemoryTimers;
  queue: AlertQueue;
  faults: FaultRepository;
  context: FaultContextService;
  users: UserRepository;
  sites: SiteRepository;
  mailer: Mailer;
  webhooks: WebhookSender;
  log: NotificationLog;
  planner: AlertPlanner;
  metrics: Metrics;
}

/** The one place the service is built: a change of its constructor is one change here. */
function makeBudgetService(d: BudgetDeps): AlertBudgetService {
  const config = { alertDigestSec: DIGEST_SEC, publicUrl: 'https://vigil.example' } as VigilConfig;
  return new AlertBudgetService(
    config,
    d.queue,
    d.timers.actions,
    d.planner,
    d.faults,
    d.context,
    d.users,
    d.sites,
    d.mailer,
    d.webhooks,
    d.log,
    d.clock,
    passThroughTx(),
    strictFake<AccessPolicy>('access'),
    d.metrics,
  );
}

function setUp(options: { quietHours?: QuietHours | null; mailFails?: boolean; webhookStatus?: number } = {}) {
  const { clock } = fakeTime(T0);
  const timers = new InMemoryTimers(clock);
  const queue = new InMemoryAlertQueue();
  const faults = new Map<string, Fault>();
  const mails: MailMessage[] = [];
  const posts: { url: string; body: unknown }[] = [];
  const log: NotificationRecord[] = [];
  const counted: Record<string, number> = {};
  const followUpsRun: string[] = [];
  const rota = makeRota();
  const router = strictFake<RotaRouter>('router', { rotaFor: async () => rota });
  const planner = new AlertPlanner(timers.actions, router, queue.port);
  const budget = makeBudgetService({
    clock,
    timers,
    planner,
    queue: queue.port,
    faults: strictFake<FaultRepository>('faults', { findById: async (id: string) => faults.get(id) ?? null, findByIdForUpdate: async (id: string) => faults.get(id) ?? null }),
    context: strictFake<FaultContextService>('context', {
      forSite: async () =>
        ({ rules: { quietHours: options.quietHours ?? null }, policy: { timeZone: 'Asia/Shanghai' } }) as unknown as Awaited<ReturnType<FaultContextService['forSite']>>,
    }),
    users: strictFake<UserRepository>('users', { findById: async (id: string) => ({ id, username: id, email: `${id}@example.com`, active: id !== 'gone' }) as User }),
    sites: strictFake<SiteRepository>('sites', { findById: async () => ({ id: 'S1', name: 'North depot', timeZone: 'Asia/Shanghai' }) as Site }),
    mailer: strictFake<Mailer>('mailer', {
      configured: true,
      send: async (m: MailMessage) => {
        if (options.mailFails) throw new Error('SMTP 554 rejected');
        mails.push(m);
      },
    }),
    webhooks: strictFake<WebhookSender>('webhooks', { post: async (url: string, body: unknown) => (posts.push({ url, body }), options.webhookStatus ?? 200) }),
    log: strictFake<NotificationLog>('log', { record: async (rows: NotificationRecord[]) => void log.push(...rows) }),
    metrics: strictFake<Metrics>('metrics', {
      counter: () => ({ inc: (labels: { channel: string }, n = 1) => void (counted[labels.channel] = (counted[labels.channel] ?? 0) + n) }),
    }),
  });
  timers.register('alert-digest', (a) => budget.sendDue(String(a.payload.recipient)));
  for (const kind of ['alert-step', 'alert-repeat']) timers.register(kind, async (a) => void followUpsRun.push(a.key));
  const open = (overrides: Partial<Fault> = {}) => {
    const fault = makeFault({ openedAt: clock.now(), updatedAt: clock.now(), ...overrides });
    faults.set(fault.id, fault);
    return fault;
  };
  const offer = (fault: Fault, userIds: string[], hooks: WebhookTarget[] = [], alert: AlertOffer = { kind: 'alert', reason: 'new fault', step: 0 }) =>
    budget.offer(fault, alert, userIds, hooks);
  const sentTo = (channel: string) => log.filter((r) => r.channel === channel && r.status === 'sent');
  return { budget, clock, timers, queue, faults, mails, posts, log, counted, followUpsRun, open, offer, sentTo, plan: () => timers.plan(T0, SEC) };
}

describe(AlertBudgetService.name, () => {
  it('should gather an alert for two seconds, then send it as one message on the dashboard and by mail', async () => {
    const t = setUp();
    const fault = t.open();
    expect(await t.offer(fault, ['bob'])).toBe(1);
    await t.timers.advance(1.9 * SEC);
    expect(t.log).toEqual([]);
    await t.timers.advance(0.1 * SEC);
    expect(t.mails).toEqual([{ to: 'bob@example.com', subject: '[Vigil] new fault: offline on cam-1', text: expect.stringContaining('site: North depot') }]);
    expect(t.log.map((r) => [r.channel, r.recipient, r.status, r.detail])).toEqual([
      ['dashboard', 'bob', 'sent', null],
      ['email', 'bob@example.com', 'sent', null],
    ]);
    expect(t.log[0]).toEqual(expect.objectContaining({ faultId: 'F1', at: new Date(T0.getTime() + 2 * SEC), reason: 'new fault', step: 0 }));
    expect(t.counted).toEqual({ email: 1, webhook: 0, dashboard: 1 });
  });

  it('should send several alerts gathered together as one digest', async () => {
    const t = setUp();
    await t.offer(t.open({ id: 'F1' }), ['bob']);
    await t.timers.advance(1.5 * SEC);
    await t.offer(t.open({ id: 'F2', deviceId: 'cam-2' }), ['bob']);
    await t.timers.advance(10 * SEC);
    expect(t.mails).toHaveLength(1);
    expect(t.mails[0].subject).toContain('2');
    expect(t.log.map((r) => [r.faultId, r.channel, r.detail])).toEqual([
      ['F1', 'dashboard', 'digest of 2'],
      ['F2', 'dashboard', 'digest of 2'],
      ['F1', 'email', 'digest of 2'],
      ['F2', 'email', 'digest of 2'],
    ]);
  });

  it('should send a recipient at most one message per interval, the rest waiting for the next', async () => {
    const t = setUp();
    await t.offer(t.open({ id: 'F1' }), ['bob']);
    await t.timers.advance(10 * SEC);
    await t.offer(t.open({ id: 'F2', deviceId: 'cam-2' }), ['bob']);
    await t.timers.advance(DIGEST_SEC * SEC - 10 * SEC + 2 * SEC - 1);
    expect(t.mails).toHaveLength(1);
    await t.timers.advance(1);
    expect(t.mails).toHaveLength(2);
    expect(t.log.at(-1)).toEqual(expect.objectContaining({ faultId: 'F2', at: new Date(T0.getTime() + (2 + DIGEST_SEC) * SEC) }));
  });

  it("should drop an acknowledged fault's waiting alerts but still send its SLA notes", async () => {
    const t = setUp();
    const fault = t.open();
    await t.offer(fault, ['sue']);
    await t.offer(fault, ['sue'], [], { kind: 'sla', reason: 'SLA respond at 75 %', step: 1 });
    t.faults.set(fault.id, { ...fault, state: 'acknowledged' });
    await t.timers.advance(10 * SEC);
    expect(t.log.map((r) => [r.channel, r.reason])).toEqual([
      ['dashboard', 'SLA respond at 75 %'],
      ['email', 'SLA respond at 75 %'],
    ]);

    const quiet = setUp();
    const gone = quiet.open();
    await quiet.offer(gone, ['sue']);
    quiet.faults.set(gone.id, { ...gone, state: 'closed' });
    await quiet.timers.advance(10 * SEC);
    expect(quiet.log).toEqual([]);
    // nothing went, so the interval has not started: the next alert goes after its own gather
    expect(quiet.queue.lastSent.size).toBe(0);
  });

  it('should hold levels 3–4 until the quiet hours end, and page levels 1–2 at once', async () => {
    const t = setUp({ quietHours: { from: '08:00', to: '12:00' } });
    await t.offer(t.open({ id: 'F3', level: 3 }), ['bob']);
    await t.offer(t.open({ id: 'F1', level: 1, deviceId: 'cam-2' }), ['ann']);
    await t.timers.advance(10 * SEC);
    expect(t.sentTo('dashboard').map((r) => r.faultId)).toEqual(['F1']);
    expect(
      t
        .plan()
        .filter((k) => k.startsWith('alert-digest:'))
        .map((k) => k.split('@')[1]),
    ).toEqual(['7200']);
    await t.timers.advance(2 * 3600 * SEC - 10 * SEC - 1);
    expect(t.sentTo('dashboard').map((r) => r.faultId)).toEqual(['F1']);
    await t.timers.advance(2 * SEC);
    expect(t.sentTo('dashboard').map((r) => [r.faultId, r.recipient, r.at])).toEqual([
      ['F1', 'ann', new Date(T0.getTime() + 2 * SEC)],
      ['F3', 'bob', new Date(T0.getTime() + 2 * 3600 * SEC)],
    ]);
  });

  it("should plan a fault's escalation and repeats once, from its first message to go out", async () => {
    const t = setUp();
    const fault = t.open();
    // bob heard from us 30 s ago: his message waits for the interval, the chat's goes after the gather
    t.queue.lastSent.set('user:bob', new Date(T0.getTime() - 30 * SEC));
    await t.offer(fault, ['bob'], [HOOK]);
    await t.timers.advance(2 * SEC);
    expect(t.posts).toHaveLength(1);
    const planned = t.plan().filter((k) => k.startsWith('alert:'));
    expect(planned).toEqual(['alert:F1:step:1@902', 'alert:F1:repeat@1202', 'alert:F1:step:2@1802', 'alert:F1:step:3@3602']);
    await t.timers.advance(30 * SEC);
    expect(t.mails).toHaveLength(1);
    expect(t.plan().filter((k) => k.startsWith('alert:'))).toEqual(planned);
  });

  it('should not plan follow-ups for an escalation step or an SLA note, nor for a fault acknowledged meanwhile', async () => {
    const t = setUp();
    const fault = t.open();
    await t.offer(fault, ['ann'], [], { kind: 'alert', reason: 'not acknowledged: escalated to backup', step: 1 });
    await t.offer(fault, ['sue'], [], { kind: 'sla', reason: 'SLA respond at 75 %', step: 1 });
    await t.timers.advance(10 * SEC);
    expect(t.sentTo('dashboard')).toHaveLength(2);
    expect(t.plan()).toEqual([]);
  });

  it('should post to a webhook and record it, or record its failure', async () => {
    const t = setUp();
    await t.offer(t.open(), [], [HOOK]);
    await t.timers.advance(10 * SEC);
    expect(t.posts).toEqual([{ url: HOOK.url, body: expect.anything() }]);
    expect(t.log.map((r) => [r.channel, r.recipient, r.status, r.detail])).toEqual([['webhook', HOOK.url, 'sent', null]]);
    expect(t.mails).toEqual([]);
    expect(t.counted.webhook).toBe(1);

    const down = setUp({ webhookStatus: 502 });
    await down.offer(down.open(), [], [HOOK]);
    await down.timers.advance(10 * SEC);
    expect(down.log.map((r) => [r.channel, r.status, r.detail])).toEqual([['webhook', 'failed', 'HTTP 502']]);
    expect(down.counted.webhook).toBe(0);
  });

  it('should record a mail that failed as failed, the dashboard message as sent', async () => {
    const t = setUp({ mailFails: true });
    await t.offer(t.open(), ['bob']);
    await t.timers.advance(10 * SEC);
    expect(t.log.map((r) => [r.channel, r.status, r.detail])).toEqual([
      ['dashboard', 'sent', null],
      ['email', 'failed', 'SMTP 554 rejected'],
    ]);
    expect(t.counted).toEqual({ email: 0, webhook: 0, dashboard: 1 });
  });

  it('should send nothing to a user who is no longer active', async () => {
    const t = setUp();
    await t.offer(t.open(), ['gone']);
    await t.timers.advance(10 * SEC);
    expect(t.log).toEqual([]);
    expect(t.mails).toEqual([]);
  });
});

describe(`${AlertBudgetService.name} with another subject than faults`, () => {
  const complaint = { kind: 'feedback' as const, id: 'fb-1', level: 1 as const, siteId: 'S1', timeZone: 'Asia/Shanghai' };
  const text = { title: '[Vigil] complaint overdue: escalated to supervisor: complaint level 1', lines: ['the gate camera is dark'] };

  function withComplaints(standing: { value: boolean }) {
    const t = setUp();
    const asked: string[][] = [];
    t.budget.registerSubject('feedback', {
      describe: async (ids: string[]) => {
        asked.push(ids);
        return new Map(ids.map((id) => [id, { standing: standing.value, text }]));
      },
    });
    return { ...t, asked };
  }

  it("should send a complaint's alert through the same budget, in one digest with a fault's, recorded as the complaint's", async () => {
    const t = withComplaints({ value: true });
    await t.offer(t.open(), ['sup']);
    expect(await t.budget.offerAbout(complaint, { kind: 'alert', reason: 'complaint overdue', step: 1 }, ['sup'])).toBe(1);
    await t.timers.advance(2 * SEC);
    expect(t.mails).toHaveLength(1);
    // the level-1 complaint before the level-2 fault: most severe first
    expect(t.mails[0].subject).toBe('[Vigil] 2 alerts: escalated to supervisor: complaint level 1, offline on cam-1');
    expect(t.asked).toEqual([['fb-1']]);
    expect(t.sentTo('email').map((r) => r.subject ?? 'fault')).toEqual(['feedback', 'fault']);
    expect(t.sentTo('email').find((r) => r.subject === 'feedback')).toMatchObject({ faultId: 'fb-1', step: 1, detail: 'digest of 2' });
    // the fault's first alert plans its follow-ups; the complaint's plans none (its ladder is its own)
    expect([...t.timers.stored.keys()].filter((k) => k.includes('fb-1'))).toEqual([]);
  });

  it("should drop a complaint's alert that was settled while it waited, and send nothing", async () => {
    const standing = { value: true };
    const t = withComplaints(standing);
    await t.budget.offerAbout(complaint, { kind: 'alert', reason: 'complaint overdue', step: 1 }, ['sup']);
    standing.value = false;
    await t.timers.advance(2 * SEC);
    expect(t.mails).toEqual([]);
    expect(t.queue.rows).toEqual([]);
  });

  it('should hold a message for the next digest interval when the person was just told something else', async () => {
    const t = withComplaints({ value: true });
    await t.offer(t.open(), ['sup']);
    await t.timers.advance(2 * SEC);
    await t.budget.offerAbout(complaint, { kind: 'alert', reason: 'complaint overdue', step: 1 }, ['sup']);
    await t.timers.advance(30 * SEC);
    expect(t.mails).toHaveLength(1);
    await t.timers.advance(DIGEST_SEC * SEC);
    expect(t.mails.map((m) => m.subject)).toEqual(['[Vigil] new fault: offline on cam-1', text.title]);
  });
});
