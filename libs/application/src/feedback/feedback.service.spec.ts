import type { Actor, Contract, Customer, FeedbackEntry, FeedbackHistoryItem, Site, User } from '@vigil/domain';
import { makeUnitSite } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AuditService } from '../audit/audit.service';
import { ConflictError, InputError, NotFoundError } from '../errors';
import type { FaultService } from '../faults/fault.service';
import { AccessPolicy } from '../identity/access-policy';
import type {
  AlertQueue,
  ContractRepository,
  CustomerRepository,
  DeviceRepository,
  FaultRepository,
  FeedbackRepository,
  NotificationLog,
  ScheduledActions,
  SiteRepository,
  TransactionRunner,
  UserRepository,
  FeedbackFilter,
} from '../ports';
import type { CustomerLinkService, LinkRequest } from '../service-desk/customer-link.service';
import { FakeClock } from '../testing';
import { FeedbackPlanner } from './feedback-planner';
import { FeedbackService } from './feedback.service';

const H = 3_600_000;
const START = '2026-12-02T02:00:00Z';
const sites: Site[] = [makeUnitSite('site-a', 'cust-a', { contractId: 'contract-a' }), makeUnitSite('site-b', 'cust-b')];
const customers: Customer[] = [
  { id: 'cust-a', name: 'Alpha', contact: null },
  { id: 'cust-b', name: 'Bravo', contact: null },
];
const contractA = (feedbackRules: object | null): Contract => ({
  id: 'contract-a',
  customerId: 'cust-a',
  name: 'A',
  startsOn: '2026-01-01',
  endsOn: '2027-12-31',
  timeZone: 'Asia/Shanghai',
  slaPolicy: {},
  feedbackRules,
  createdAt: new Date(START),
  updatedAt: new Date(START),
});
const desk: Actor = { userId: 'op', username: 'op', role: 'operator' };
const deskOfB: Actor = { userId: 'op-b', username: 'op-b', role: 'operator', scope: { customerIds: ['cust-b'], siteIds: [] } };
const engineer: User = {
  id: 'eng',
  username: 'eng',
  displayName: null,
  email: null,
  role: 'engineer',
  passwordHash: 'x',
  tokenVersion: 0,
  active: true,
  scope: null,
  createdAt: new Date(START),
  updatedAt: new Date(START),
};

/** The service over an in-memory register, the real planner over recorded timers, and the real access policy. */
function setup(feedbackRules: object | null = null) {
  const clock = new FakeClock(START);
  const stored = new Map<string, FeedbackEntry>();
  const history: FeedbackHistoryItem[] = [];
  const timers = new Map<string, Date>();
  const cancelled: string[] = [];
  const dropped: string[] = [];
  const audited: string[] = [];
  const filters: FeedbackFilter[] = [];
  const tx = strictFake<TransactionRunner>('tx', { run: (work: () => Promise<unknown>) => work() });
  const audit = strictFake<AuditService>('audit', {
    record: async (_a: Actor, action: string) => {
      audited.push(action);
      return {} as never;
    },
  });
  const entries = strictFake<FeedbackRepository>('entries', {
    findById: async (id: string) => stored.get(id) ?? null,
    findByIdForUpdate: async (id: string) => stored.get(id) ?? null,
    insert: async (e: FeedbackEntry) => void stored.set(e.id, e),
    update: async (e: FeedbackEntry) => void stored.set(e.id, e),
    addHistory: async (_id: string, item: FeedbackHistoryItem) => void history.push(item),
    list: async (f: FeedbackFilter) => {
      filters.push(f);
      return { items: [...stored.values()], total: stored.size };
    },
  });
  const actions = strictFake<ScheduledActions>('actions', {
    schedule: async (key: string, _kind: string, at: Date) => void timers.set(key, at),
    cancel: async (prefix: string) => {
      cancelled.push(prefix);
      for (const key of [...timers.keys()]) if (key.startsWith(prefix)) timers.delete(key);
    },
  });
  const queue = strictFake<AlertQueue>('queue', { dropAlertsOf: async (id: string, subject?: string) => void dropped.push(`${subject}:${id}`) });
  const issued: LinkRequest[] = [];
  const withdrawals: { purpose: string; subjectId: string; except: string | null }[] = [];
  const links = strictFake<CustomerLinkService>('links', {
    issue: async (_a: Actor, req: LinkRequest) => {
      issued.push(req);
      return { id: `link-${issued.length}`, recipient: 'wang@customer.test', expiresAt: new Date(Date.parse(START) + 24 * H) } as never;
    },
    withdrawOpen: async (_a: Actor, purpose: string, subjectId: string, except: string | null) => {
      withdrawals.push({ purpose, subjectId, except });
      return 0;
    },
  });
  const service = new FeedbackService(
    entries,
    strictFake<CustomerRepository>('customers', { findById: async (id: string) => customers.find((c) => c.id === id) ?? null }),
    strictFake<ContractRepository>('contracts', {
      findById: async (id: string) => (id === 'contract-a' ? contractA(feedbackRules) : null),
      list: async () => [contractA(feedbackRules)],
    }),
    strictFake<SiteRepository>('sites', { findById: async (id: string) => sites.find((s) => s.id === id) ?? null, listAll: async () => sites }),
    strictFake<DeviceRepository>('devices', {
      findById: async (id: string) => ({ id, siteId: 'site-a', model: 'DS-2CD2T47' }),
      findByIds: async (ids: string[]) => ids.map((id) => ({ id, model: 'DS-2CD2T47' })),
    }),
    strictFake<FaultRepository>('faultRepo'),
    strictFake<FaultService>('faults'),
    strictFake<UserRepository>('users', { findById: async (id: string) => (id === engineer.id ? engineer : null) }),
    strictFake<NotificationLog>('notifications'),
    new FeedbackPlanner(actions, queue),
    links,
    tx,
    audit,
    clock,
    new AccessPolicy(strictFake<SiteRepository>('sites', { listAll: async () => sites }), audit, tx),
  );
  return { service, clock, stored, history, timers, cancelled, dropped, audited, filters, issued, withdrawals };
}

const complaint = { customerId: 'cust-a', siteId: 'site-a', kind: 'complaint' as const, channel: 'phone' as const, reporterName: '王先生', text: 'the gate camera is dark' };

describe(FeedbackService.name, () => {
  it('should register a complaint with the due of its level and plan the ladder as durable timers', async () => {
    const { service, timers, history, audited } = setup({ complaintDueHours: { '1': 2 }, escalationIntervalHours: 3 });
    const e = await service.create(desk, { ...complaint, level: 1 });
    expect(e).toMatchObject({ state: 'open', level: 1, contractId: 'contract-a', escalationStep: -1, overdue: false });
    expect(e.dueAt!.getTime() - e.receivedAt.getTime()).toBe(2 * H);
    expect(Object.fromEntries(timers)).toEqual({
      [`feedback:${e.id}:step:0`]: new Date(START),
      [`feedback:${e.id}:step:1`]: new Date(Date.parse(START) + 2 * H),
      [`feedback:${e.id}:step:2`]: new Date(Date.parse(START) + 5 * H),
    });
    expect(history.map((h) => h.type)).toEqual(['registered']);
    expect(audited).toEqual(['create']);
  });

  it('should plan nothing for a praise and refuse a level on it, and a complaint without one', async () => {
    const { service, timers } = setup();
    await service.create(desk, { ...complaint, kind: 'praise' });
    expect(timers.size).toBe(0);
    await expect(service.create(desk, { ...complaint, kind: 'praise', level: 2 })).rejects.toMatchObject({ field: 'level' });
    await expect(service.create(desk, complaint)).rejects.toMatchObject({ field: 'level' });
  });

  it('should move the due and the later rungs when the level changes, and count it overdue once the due passes', async () => {
    const { service, timers, clock, filters } = setup();
    const e = await service.create(desk, { ...complaint, level: 3 });
    const changed = await service.update(desk, e.id, { level: 1 });
    expect(changed.dueAt).toEqual(new Date(Date.parse(START) + 4 * H));
    expect(timers.get(`feedback:${e.id}:step:1`)).toEqual(changed.dueAt);
    await clock.advance(4 * H);
    await service.list(deskOfB, { overdue: true, month: '2026-12' }, {});
    // B's operator: B's site, and B's entries of no site; overdue as of now; the month in Shanghai
    expect(filters[0]).toMatchObject({ siteIds: ['site-b'], customerIds: ['cust-b'], overdueAt: clock.now(), from: new Date('2026-11-30T16:00:00Z') });
    expect((await service.update(desk, e.id, { text: 'still dark' })).overdue).toBe(true);
  });

  it('should stop the ladder and drop the waiting messages once the complaint is resolved', async () => {
    const { service, timers, cancelled, dropped } = setup();
    const e = await service.create(desk, { ...complaint, level: 2 });
    await service.resolve(desk, e.id, 'cleaned the lens');
    expect(cancelled).toEqual([`feedback:${e.id}:`]);
    expect(dropped).toEqual([`feedback:${e.id}`]);
    expect(timers.size).toBe(0);
  });

  it('should assign a handler, which puts an open entry in progress', async () => {
    const { service, history } = setup();
    const e = await service.create(desk, { ...complaint, level: 2 });
    expect(await service.update(desk, e.id, { handlerId: 'eng' })).toMatchObject({ state: 'in-progress', handlerId: 'eng' });
    expect(history.map((h) => h.type)).toEqual(['registered', 'assigned']);
    await expect(service.update(desk, e.id, { handlerId: 'nobody' })).rejects.toMatchObject({ field: 'handlerId' });
  });

  it('should close a complaint only with a resolution, and where the contract asks only after the confirmation', async () => {
    const { service } = setup({ complaintConfirmation: true });
    const e = await service.create(desk, { ...complaint, level: 2 });
    expect(e.confirmationRequired).toBe(true);
    await expect(service.close(desk, e.id, null)).rejects.toMatchObject({ field: 'resolution' });
    await service.resolve(desk, e.id, 'cleaned the lens');
    const refused = await service.close(desk, e.id, null).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(InputError);
    expect(refused).toMatchObject({ field: 'confirmation', details: [expect.objectContaining({ code: 'confirmation-required' })] });
    expect((await service.confirmByPhone(desk, e.id, { name: '王先生' })).confirmation).toMatchObject({ name: '王先生', via: 'phone', recordedBy: 'op' });
    expect(await service.close(desk, e.id, null)).toMatchObject({ state: 'closed', closedBy: 'op', resolution: 'cleaned the lens' });
  });

  it('should take a confirmation through the one-time link seam without a user, named in the trail by the link', async () => {
    const { service, history } = setup({ complaintConfirmation: true });
    const e = await service.create(desk, { ...complaint, level: 2 });
    await service.resolve(desk, e.id, 'cleaned the lens');
    const link: Actor = { userId: null, username: 'customer-link', role: 'system' };
    expect((await service.confirmThroughLink(link, e.id, { name: '王先生' })).confirmation).toMatchObject({ via: 'link', recordedBy: null });
    expect(history.at(-1)).toMatchObject({ actor: 'customer-link', type: 'confirmed' });
  });

  it("should send a resolved complaint's confirmation link to the customer's contact, once confirmed no more, and withdraw it on reopening", async () => {
    const { service, history, issued, withdrawals, audited } = setup({ complaintConfirmation: true });
    const e = await service.create(desk, { ...complaint, level: 2 });
    await expect(service.sendConfirmation(desk, e.id, 'mail')).rejects.toBeInstanceOf(ConflictError);
    await expect(service.sendConfirmation(deskOfB, e.id, 'mail')).rejects.toBeInstanceOf(NotFoundError);
    await service.resolve(desk, e.id, 'cleaned the lens');
    const sent = await service.sendConfirmation(desk, e.id, 'mail');
    expect(sent).toMatchObject({ state: 'resolved', confirmation: null });
    expect(issued).toEqual([{ purpose: 'complaint-confirm', subjectId: e.id, customerId: 'cust-a', siteId: 'site-a', channel: 'mail', timeZone: 'Asia/Shanghai' }]);
    expect(withdrawals).toEqual([{ purpose: 'complaint-confirm', subjectId: e.id, except: 'link-1' }]);
    expect(history.at(-1)).toMatchObject({ actor: 'op', type: 'confirmation-sent', detail: { linkId: 'link-1', channel: 'mail', recipient: 'wang@customer.test' } });
    expect(audited.at(-1)).toBe('confirmation-sent');
    await service.reopen(desk, e.id, 'still dark at night');
    expect(withdrawals.at(-1)).toEqual({ purpose: 'complaint-confirm', subjectId: e.id, except: null });
    await service.resolve(desk, e.id, 'replaced the camera');
    await service.confirmByPhone(desk, e.id, { name: '王先生' });
    await expect(service.sendConfirmation(desk, e.id, 'mail')).rejects.toBeInstanceOf(ConflictError);
    await expect(service.confirmThroughLink({ userId: null, username: 'customer-link:x', role: 'system' }, e.id, { name: ' ' })).rejects.toMatchObject({ field: 'name' });
  });

  it('should hand the half-yearly analysis the entries of the period in scope, with their device models', async () => {
    const { service, filters } = setup();
    await service.create(desk, { ...complaint, deviceId: 'CAM-1', level: 2 });
    const from = new Date('2026-07-01T00:00:00Z');
    const to = new Date('2027-01-01T00:00:00Z');
    const rows = await service.analysisEntries(deskOfB, { from, to });
    expect(filters[0]).toMatchObject({ siteIds: ['site-b'], customerIds: ['cust-b'], from, to });
    expect(rows[0]).toEqual({
      kind: 'complaint',
      channel: 'phone',
      receivedAt: new Date(START),
      siteId: 'site-a',
      deviceId: 'CAM-1',
      deviceModel: 'DS-2CD2T47',
      level: 2,
      dueAt: expect.any(Date),
      resolvedAt: null,
    });
  });

  it('should answer 404 to a user of another customer, recorded, before reading more than the entry', async () => {
    const { service, audited } = setup();
    const e = await service.create(desk, { ...complaint, level: 2 });
    await expect(service.get(deskOfB, e.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.resolve(deskOfB, e.id, 'x')).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.create(deskOfB, { ...complaint, level: 2 })).rejects.toBeInstanceOf(NotFoundError);
    expect(audited.filter((a) => a === 'access-denied')).toHaveLength(3);
  });
});
