import {
  DEFAULT_CALLBACK_SETTINGS,
  type Actor,
  type Callback,
  type CallbackSettings,
  type Fault,
  type OnCallRota,
  type Page,
  type Patrol,
  type Survey,
  type User,
} from '@vigil/domain';
import { makeUnitSite, fakeAccess } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors';
import type { VigilConfig } from '@vigil/config';
import type { AlertBudgetService, AlertOffer, AlertSubject, AlertSubjectSource } from '../alerting/alert-budget.service';
import type { RotaRouter } from '../alerting/rota-router';
import { FaultTransitionHooks } from '../faults/fault-transition-hooks';
import type {
  CallbackFilter,
  CallbackRepository,
  CallbackSettingsRepository,
  ContractRepository,
  CsvWriter,
  FaultHistoryEntry,
  FaultRepository,
  NotificationLog,
  PatrolRepository,
  SiteRepository,
  SurveyRepository,
  UserRepository,
} from '../ports';
import type { ScheduledActionRunner } from '../scheduling/scheduled-action-runner';
import type { CustomerLinkService } from '../service-desk/customer-link.service';
import { InMemoryTimers, makeFault, makeRota } from '../testing/alerting-fakes';
import { FakeClock } from '../testing/fake-time';
import { CALLBACK_MISSED, CALLBACK_OPEN, CallbackOpener } from './callback-opener';
import { CallbackSettingsService } from './callback-settings.service';
import { CallbackTimers } from './callback-timers';
import { CallbackTriggers } from './callback-triggers';
import { CallbackService } from './callback.service';
import { SurveyService } from './survey.service';

const H = 3600_000;
const START = '2026-12-02T02:00:00Z';
const SITES = [makeUnitSite('S1', 'cust-a', { contractId: 'K1' }), makeUnitSite('S2', 'cust-b')];
const user = (id: string, role: User['role'], scope: User['scope'] = null): User => ({
  id,
  username: id,
  displayName: null,
  email: null,
  role,
  passwordHash: '',
  tokenVersion: 0,
  active: true,
  scope,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});
const USERS = [
  user('op-1', 'operator'),
  user('op-2', 'operator'),
  user('op-b', 'operator', { customerIds: ['cust-b'], siteIds: [] }),
  user('eng', 'engineer'),
  user('sup', 'supervisor'),
];
const actorOf = (id: string): Actor => {
  const u = USERS.find((x) => x.id === id)!;
  return { userId: u.id, username: u.username, role: u.role, scope: u.scope };
};

/** A phone fix: restored by op-1 at START, closed by the supervisor half an hour later, nobody went. */
function phoneFix(overrides: Partial<Fault> = {}): Fault {
  return makeFault({ siteId: 'S1', state: 'closed', restoredAt: new Date(START), closedAt: new Date(new Date(START).getTime() + H / 2), ...overrides });
}
const closeHistory = (faultId: string): FaultHistoryEntry[] => [
  { faultId, at: new Date(START), type: 'restore', actor: 'op-1', role: 'operator', detail: null },
  { faultId, at: new Date(START), type: 'close', actor: 'sup', role: 'supervisor', detail: null },
];

function setUp(opts: { rota?: OnCallRota | null; settings?: Partial<CallbackSettings>; patrol?: Patrol } = {}) {
  const clock = new FakeClock(START);
  const timers = new InMemoryTimers(clock);
  const { access, audit, tx, audited } = fakeAccess(SITES);
  const stored = new Map<string, Callback>();
  const sources = new Set<string>();
  const callbacks = strictFake<CallbackRepository>('callbacks', {
    findById: async (id: string) => stored.get(id) ?? null,
    findByIdForUpdate: async (id: string) => stored.get(id) ?? null,
    insertFirst: async (c: Callback, key: string) => {
      if (sources.has(key)) return false;
      sources.add(key);
      stored.set(c.id, c);
      return true;
    },
    insert: async (c: Callback) => void stored.set(c.id, c),
    update: async (c: Callback) => void stored.set(c.id, c),
    list: async (f: CallbackFilter): Promise<Page<Callback>> => {
      const items = [...stored.values()].filter(
        (c) => (!f.rootId || c.rootId === f.rootId) && (!f.siteIds || f.siteIds.includes(c.siteId)) && (!f.missedAt || (c.state === 'due' && c.missAt <= f.missedAt)),
      );
      return { items, total: items.length };
    },
  });
  const faults = new Map<string, Fault>();
  const faultRepo = strictFake<FaultRepository>('faults', {
    findById: async (id: string) => faults.get(id) ?? null,
    history: async (id: string) => (faults.get(id)?.state === 'closed' && !faults.get(id)?.clearedAt ? closeHistory(id) : []),
  });
  const users = strictFake<UserRepository>('users', {
    findById: async (id: string) => USERS.find((u) => u.id === id) ?? null,
    findByUsername: async (name: string) => USERS.find((u) => u.username === name) ?? null,
    list: async (f: { role?: string }) => ({ items: USERS.filter((u) => !f.role || u.role === f.role), total: 0 }),
  });
  const sites = strictFake<SiteRepository>('sites', { findById: async (id: string) => SITES.find((s) => s.id === id) ?? null, listAll: async () => SITES });
  const settingsRepo = strictFake<CallbackSettingsRepository>('callback settings', { find: async () => opts.settings ?? null });
  const settings = new CallbackSettingsService(settingsRepo, strictFake<ContractRepository>('contracts'), access, tx, audit, clock);
  const router = strictFake<RotaRouter>('router', { rotaFor: async () => (opts.rota === undefined ? makeRota({ members: ['op-1', 'op-2'], supervisorIds: ['sup'] }) : opts.rota) });
  const opener = new CallbackOpener(
    callbacks,
    faultRepo,
    strictFake<PatrolRepository>('patrols', { findById: async (id: string) => (opts.patrol?.id === id ? opts.patrol : null) }),
    sites,
    users,
    settings,
    router,
    access,
    timers.actions,
    tx,
    audit,
    clock,
  );
  const csv = strictFake<CsvWriter>('csv');
  const service = new CallbackService(callbacks, opener, settings, users, sites, timers.actions, access, tx, audit, clock, csv);
  const sent: { subject: string; id: string; level: number; reason: string; step: number; people: string[] }[] = [];
  const subjects = new Map<string, AlertSubjectSource>();
  const budget = strictFake<AlertBudgetService>('budget', {
    offerAbout: async (subject: AlertSubject, alert: AlertOffer, people: string[]) => {
      sent.push({ subject: subject.kind, id: subject.id, level: subject.level, reason: alert.reason, step: alert.step, people });
      return people.length;
    },
    registerSubject: (kind: string, source: AlertSubjectSource) => void subjects.set(kind, source),
  });
  const log = strictFake<NotificationLog>('log');
  const runner = strictFake<ScheduledActionRunner>('runner', { register: (kind: string, h: never) => timers.register(kind, h) });
  const config = { publicUrl: 'https://vigil.example' } as VigilConfig;
  const timersSvc = new CallbackTimers(config, runner, opener, callbacks, faultRepo, sites, users, settings, router, budget, log, access, timers.actions, clock);
  timersSvc.start();
  const surveysStored = new Map<string, Survey>();
  const surveys = new SurveyService(
    strictFake<SurveyRepository>('surveys', {
      findById: async (id: string) => surveysStored.get(id) ?? null,
      findByIdForUpdate: async (id: string) => surveysStored.get(id) ?? null,
      insert: async (s: Survey) => void surveysStored.set(s.id, s),
      update: async (s: Survey) => void surveysStored.set(s.id, s),
    }),
    sites,
    strictFake<ContractRepository>('contracts', { findById: async () => null }),
    settings,
    opener,
    access,
    tx,
    audit,
    clock,
    csv,
    strictFake<CustomerLinkService>('links'),
  );
  /** Closes the fault and runs the timers as the scheduler would. */
  const close = async (fault: Fault) => {
    faults.set(fault.id, fault);
    await opener.request('fault', fault.id);
    await timers.advance(0);
    return [...stored.values()].find((c) => c.faultId === fault.id && c.parentId === null) ?? null;
  };
  return { clock, timers, service, opener, surveys, stored, close, sent, audited, subjects };
}

describe(CallbackOpener.name, () => {
  it('should open one callback for a phone fix, due 2 h after the restore, barred to whoever fixed it and given to another operator on the rota', async () => {
    const { close, opener, timers } = setUp();
    const cb = await close(phoneFix());
    expect(cb).toMatchObject({ reason: 'phone-fix', siteId: 'S1', customerId: 'cust-a', doneBy: ['op-1'], assigneeId: 'op-2', passMark: 8, state: 'due' });
    expect(cb!.dueAt).toEqual(new Date(new Date(START).getTime() + 2 * H));
    expect(cb!.missAt).toEqual(new Date(new Date(START).getTime() + 3 * H));
    expect(timers.plan(new Date(START), H)).toEqual([`${CALLBACK_MISSED}:${cb!.id}@3`]);
    // asked again (another process heard the close): nothing new
    expect(await opener.openForFault(cb!.faultId!)).toBeNull();
  });

  it('should call after a visit too, take the contract delay, and open nothing for a fault health recovery closed by itself', async () => {
    const { close } = setUp({ settings: { delayMinutes: 180 } });
    const visit = await close(phoneFix({ id: 'F2', arrivedAt: new Date(START), assigneeId: 'eng' }));
    expect(visit).toMatchObject({ reason: 'visit', doneBy: ['eng', 'op-1'] });
    expect(visit!.dueAt).toEqual(new Date(new Date(START).getTime() + 3 * H));
    expect(await close(phoneFix({ id: 'F3', clearedAt: new Date(START) }))).toBeNull();
  });

  it('should fall back to an operator whose scope covers the site when no rota answers, and to nobody when none may', async () => {
    const { close } = setUp({ rota: null });
    expect((await close(phoneFix()))!.assigneeId).toBe('op-2');
    const none = setUp({ rota: null, settings: { assigneeRole: 'supervisor' } });
    expect((await none.close(phoneFix({ id: 'F9', assigneeId: 'sup' })))!.assigneeId).toBeNull();
  });
});

describe(`${CallbackOpener.name} after a patrol`, () => {
  it('should call back a signed patrol (a visit) after the delay, barred to its engineer, and not one still unsigned', async () => {
    const signedAt = new Date(START);
    const patrol = {
      id: 'P1',
      siteId: 'S1',
      contractId: 'K1',
      state: 'signed',
      assigneeId: 'eng',
      signoff: { signerName: 'Li', signerTitle: 'manager', signature: 'data:', stamp: null, signedAt },
    } as unknown as Patrol;
    const { opener } = setUp({ patrol, settings: { delayMinutes: 150 } });
    const cb = await opener.openForPatrol('P1');
    expect(cb).toMatchObject({ reason: 'patrol', patrolId: 'P1', faultId: null, doneBy: ['eng'], assigneeId: 'op-1' });
    expect(cb!.dueAt).toEqual(new Date(signedAt.getTime() + 150 * 60_000));
    expect(await opener.openForPatrol('P1')).toBeNull();
    const unsigned = setUp({ patrol: { ...patrol, state: 'submitted', signoff: null } });
    expect(await unsigned.opener.openForPatrol('P1')).toBeNull();
  });
});

describe(CallbackTriggers.name, () => {
  it('should ask for a callback when a person closes a fault, and for nothing else', async () => {
    const requested: string[] = [];
    const hooks = new FaultTransitionHooks();
    const triggers = new CallbackTriggers(hooks, strictFake<CallbackOpener>('opener', { request: async (_s: string, id: string) => void requested.push(id) }));
    triggers.onModuleInit();
    const closed = phoneFix();
    await hooks.run({ before: makeFault(), after: closed, action: { type: 'close', resolution: 'ok', repaired: false }, actor: actorOf('sup') });
    await hooks.run({ before: makeFault(), after: makeFault({ state: 'restored' }), action: { type: 'restore', note: null }, actor: actorOf('op-1') });
    await hooks.run({ before: makeFault(), after: closed, action: { type: 'clear' }, actor: null });
    expect(requested).toEqual([closed.id]);
    expect(CALLBACK_OPEN).toBe('callback-open');
  });
});

describe(CallbackService.name, () => {
  it('should refuse the call to whoever did the job: assigning them is a 400 naming assigneeId, recording a 403 that is audited', async () => {
    const { close, service, audited } = setUp();
    const cb = (await close(phoneFix()))!;
    const refused = await service.assign(actorOf('sup'), cb.id, 'op-1').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).field).toBe('assigneeId');
    await expect(service.assign(actorOf('sup'), cb.id, 'eng')).rejects.toThrow(InputError);
    await expect(service.assign(actorOf('sup'), cb.id, 'op-b')).rejects.toThrow(/no scope/);
    await expect(service.record(actorOf('op-1'), cb.id, { outcome: 'reached', score: 10 })).rejects.toThrow(ForbiddenError);
    expect(audited.filter((e) => e.action === 'access-denied').map((e) => e.entity)).toEqual(['callback']);
  });

  it('should be 404 to a user scoped to another customer', async () => {
    const { close, service } = setUp();
    const cb = (await close(phoneFix()))!;
    await expect(service.get(actorOf('op-b'), cb.id)).rejects.toThrow(NotFoundError);
    expect((await service.list(actorOf('op-b'), {}, {})).items).toEqual([]);
  });

  it('should follow a score under the pass mark up, and the follow-up of the follow-up, until one passes', async () => {
    const { close, service, clock, timers } = setUp();
    const cb = (await close(phoneFix()))!;
    await clock.advance(2 * H);
    expect((await service.list(actorOf('op-2'), {}, {})).items[0]).toMatchObject({ id: cb.id, status: 'due' });
    await expect(service.record(actorOf('op-2'), cb.id, { outcome: 'reached' })).rejects.toThrow(/score/);
    await expect(service.record(actorOf('op-2'), cb.id, { outcome: 'refused', score: 3 })).rejects.toThrow(/score/);
    const first = await service.record(actorOf('op-2'), cb.id, { outcome: 'reached', score: 6, notes: ' still blurred ' });
    expect(first).toMatchObject({ state: 'done', status: 'done-on-time', result: { score: 6, notes: 'still blurred', recordedBy: 'op-2' } });
    expect(first.followUp).toMatchObject({ reason: 'follow-up', parentId: cb.id, rootId: cb.id, assigneeId: 'op-2', doneBy: ['op-1'] });
    expect(first.followUp!.dueAt).toEqual(new Date(clock.now().getTime() + 24 * H));
    // the first call's miss timer is gone, the follow-up has its own
    expect(timers.plan(new Date(START), H)).toEqual([`${CALLBACK_MISSED}:${first.followUp!.id}@27`]);
    await expect(service.record(actorOf('op-2'), cb.id, { outcome: 'reached', score: 9 })).rejects.toThrow(ConflictError);
    const again = await service.record(actorOf('sup'), first.followUp!.id, { outcome: 'reached', score: 7 });
    const last = await service.record(actorOf('sup'), again.followUp!.id, { outcome: 'reached', score: 8 });
    expect(last.followUp).toBeNull();
    expect((await service.get(actorOf('sup'), cb.id)).chain.map((c) => c.result?.score)).toEqual([6, 7, 8]);
  });

  it('should try again after not reaching the customer, and stop at a refusal', async () => {
    const { close, service, clock } = setUp({ settings: { retryMinutes: 30 } });
    const cb = (await close(phoneFix()))!;
    const notReached = await service.record(actorOf('op-2'), cb.id, { outcome: 'not-reached' });
    expect(notReached.followUp).toMatchObject({ reason: 'retry' });
    expect(notReached.followUp!.dueAt).toEqual(new Date(clock.now().getTime() + 30 * 60_000));
    expect((await service.record(actorOf('op-2'), notReached.followUp!.id, { outcome: 'refused' })).followUp).toBeNull();
  });
});

describe(CallbackTimers.name, () => {
  const patrol = {
    id: 'P1',
    siteId: 'S1',
    contractId: 'K1',
    state: 'signed',
    assigneeId: 'eng',
    signoff: { signerName: 'Li', signerTitle: 'manager', signature: 'data:', stamp: null, signedAt: new Date(START) },
  } as unknown as Patrol;

  it('should page the assignee when a callback passes due + grace undone, then the supervisors a grace later, as a callback subject', async () => {
    const { close, timers, sent, service } = setUp();
    const cb = (await close(phoneFix()))!;
    await timers.advance(3 * H - 1);
    expect(sent).toEqual([]);
    await timers.advance(1);
    expect(sent).toEqual([
      {
        subject: 'callback',
        id: cb.id,
        level: 3,
        step: 0,
        reason: expect.stringMatching(/^callback missed \(回访逾期, due 2026-12-02 12:00 \(Asia\/Shanghai\)\)$/),
        people: ['op-2'],
      },
    ]);
    expect((await service.list(actorOf('sup'), { missed: true }, {})).items.map((c) => c.id)).toEqual([cb.id]);
    await timers.advance(DEFAULT_CALLBACK_SETTINGS.graceMinutes * 60_000);
    expect(sent[1]).toMatchObject({ subject: 'callback', id: cb.id, step: 1, reason: expect.stringMatching(/^callback still not made/), people: ['sup'] });
    await timers.advance(24 * H);
    expect(sent).toHaveLength(2);
  });

  it('should page a missed callback of a signed patrol (no fault) to its assignee, then the supervisors covering the site', async () => {
    const { opener, timers, sent, subjects, service } = setUp({ patrol, rota: null });
    const cb = (await opener.openForPatrol('P1'))!;
    expect(cb).toMatchObject({ faultId: null, assigneeId: 'op-1' });
    await timers.advance(cb.missAt.getTime() - Date.parse(START));
    expect(sent).toEqual([{ subject: 'callback', id: cb.id, level: 3, step: 0, reason: expect.stringMatching(/^callback missed/), people: ['op-1'] }]);
    await timers.advance(DEFAULT_CALLBACK_SETTINGS.graceMinutes * 60_000);
    // no rota answers for a patrol: the active supervisors whose scope covers the site
    expect(sent[1]).toMatchObject({ id: cb.id, step: 1, people: ['sup'] });

    // when the budget sends: the text is the callback's, in Chinese with the English beside it; a call made meanwhile stands no more
    const source = subjects.get('callback')!;
    const before = (await source.describe([cb.id])).get(cb.id)!;
    expect(before.standing).toBe(true);
    expect(before.text.title).toMatch(/^\[Vigil\] callback missed .*: 回访 callback · 巡检 patrol · /);
    expect(before.text.lines).toEqual(expect.arrayContaining([`负责人 assignee: op-1`, `https://vigil.example/#/callbacks/${cb.id}`]));
    await service.record(actorOf('op-1'), cb.id, { outcome: 'reached', score: 9 });
    expect((await source.describe([cb.id])).get(cb.id)!.standing).toBe(false);
  });

  it('should tell nobody of a callback done meanwhile', async () => {
    const { close, timers, sent, service } = setUp();
    const cb = (await close(phoneFix()))!;
    await service.record(actorOf('op-2'), cb.id, { outcome: 'reached', score: 9 });
    await timers.advance(48 * H);
    expect(sent).toEqual([]);
  });
});

describe(SurveyService.name, () => {
  it('should take phone answers, refuse bad ones naming the field, open a follow-up for a low overall score, and freeze', async () => {
    const { surveys, stored } = setUp();
    await expect(surveys.create(actorOf('op-2'), { siteId: 'S1', period: '2026-H3' })).rejects.toThrow(/period/);
    await expect(surveys.create(actorOf('op-b'), { siteId: 'S1', period: '2026-H2' })).rejects.toThrow(NotFoundError);
    const survey = await surveys.create(actorOf('op-2'), { siteId: 'S1', period: '2026-H2' });
    expect(survey.questions).toHaveLength(5);
    const bad = await surveys.recordByPhone(actorOf('op-2'), survey.id, { answers: [{ key: 'overall', score: 12 }] }).catch((e: unknown) => e);
    expect((bad as InputError).field).toBe('answers[0].score');
    const answers = survey.questions.map((q) => ({ key: q.key, score: q.key === 'overall' ? 5 : 9 }));
    const answered = await surveys.recordByPhone(actorOf('op-2'), survey.id, { answers, respondent: ' Ms Li ' });
    expect(answered).toMatchObject({ state: 'answered', channel: 'phone', recordedBy: 'op-2', respondent: 'Ms Li' });
    expect(stored.get(answered.followUpCallbackId!)).toMatchObject({ reason: 'survey', surveyId: survey.id, siteId: 'S1', doneBy: [] });
    await expect(surveys.recordByPhone(actorOf('op-2'), survey.id, { answers })).rejects.toThrow(ConflictError);
  });
});
