import type { VigilConfig } from '@vigil/config';
import type { Actor, Contract, Customer, FeedbackEntry, OnCallRota, Site, User } from '@vigil/domain';
import { makeUnitSite } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AlertBudgetService, AlertOffer, AlertSubject } from '../alerting/alert-budget.service';
import type { RotaRouter } from '../alerting/rota-router';
import type { AuditService } from '../audit/audit.service';
import type {
  ContractRepository,
  CustomerRepository,
  FeedbackRepository,
  NotificationLog,
  NotificationRecord,
  OnCallRotaRepository,
  ScheduledAction,
  SiteRepository,
  UserRepository,
} from '../ports';
import type { ScheduledActionRunner } from '../scheduling/scheduled-action-runner';
import { makeRota, passThroughTx } from '../testing/alerting-fakes';
import { FakeClock } from '../testing';
import { FeedbackEscalation } from './feedback-escalation';

const T0 = '2026-12-02T02:00:00Z';
const site: Site = makeUnitSite('site-a', 'cust-a', { name: 'North gate' });

function complaint(over: Partial<FeedbackEntry> = {}): FeedbackEntry {
  return {
    id: 'fb-1',
    customerId: 'cust-a',
    contractId: null,
    siteId: 'site-a',
    deviceId: null,
    faultId: null,
    kind: 'complaint',
    channel: 'phone',
    reporterName: '王先生',
    reporterContact: null,
    receivedAt: new Date(T0),
    text: 'the gate camera is dark',
    handlerId: null,
    state: 'open',
    level: 1,
    dueAt: new Date(Date.parse(T0) + 4 * 3_600_000),
    escalationStep: 0,
    confirmationRequired: false,
    resolution: null,
    resolvedAt: null,
    resolvedBy: null,
    confirmation: null,
    closedAt: null,
    closedBy: null,
    createdBy: 'op',
    createdAt: new Date(T0),
    updatedAt: new Date(T0),
    ...over,
  };
}

function setup(entry: FeedbackEntry, rota: OnCallRota | null, admins: Partial<User>[] = []) {
  const stored = new Map([[entry.id, entry]]);
  const offers: { subject: AlertSubject; alert: AlertOffer; userIds: string[] }[] = [];
  const log: NotificationRecord[] = [];
  const history: string[] = [];
  const audited: unknown[] = [];
  const escalation = new FeedbackEscalation(
    { publicUrl: 'https://vigil.example' } as VigilConfig,
    strictFake<FeedbackRepository>('entries', {
      findById: async (id: string) => stored.get(id) ?? null,
      findByIdForUpdate: async (id: string) => stored.get(id) ?? null,
      findByIds: async (ids: string[]) => ids.flatMap((id) => (stored.has(id) ? [stored.get(id)!] : [])),
      update: async (e: FeedbackEntry) => void stored.set(e.id, e),
      addHistory: async (_id: string, item: { type: string }) => void history.push(item.type),
    }),
    strictFake<CustomerRepository>('customers', { findById: async () => ({ id: 'cust-a', name: 'Alpha', contact: null }) as Customer }),
    strictFake<ContractRepository>('contracts', { findById: async () => null as Contract | null }),
    strictFake<SiteRepository>('sites', { findById: async (id: string) => (id === site.id ? site : null) }),
    strictFake<UserRepository>('users', { list: async () => ({ items: admins, total: admins.length }) }),
    strictFake<OnCallRotaRepository>('rotas', { list: async () => (rota ? [rota] : []) }),
    strictFake<RotaRouter>('router', { rotaFor: async () => rota }),
    strictFake<AlertBudgetService>('budget', {
      offerAbout: async (subject: AlertSubject, alert: AlertOffer, userIds: string[]) => {
        offers.push({ subject, alert, userIds });
        return userIds.length;
      },
    }),
    strictFake<NotificationLog>('log', { record: async (rows: NotificationRecord[]) => void log.push(...rows) }),
    strictFake<ScheduledActionRunner>('runner'),
    strictFake<AuditService>('audit', {
      record: async (_a: Actor, _action: string, _entity: string, _id: string, _b: unknown, after: unknown) => {
        audited.push(after);
        return {} as never;
      },
    }),
    new FakeClock(new Date(Date.parse(T0) + 4 * 3_600_000)),
    passThroughTx(),
  );
  const run = (step: number) => escalation.step({ key: `feedback:fb-1:step:${step}`, kind: 'complaint-step', payload: { entryId: 'fb-1', step } } as unknown as ScheduledAction);
  return { escalation, stored, offers, log, history, audited, run };
}

describe(FeedbackEscalation.name, () => {
  it("should tell the rota's supervisors at the due, through the budget, and note the step on the complaint", async () => {
    const t = setup(complaint(), makeRota());
    await t.run(1);
    expect(t.offers).toEqual([
      {
        subject: { kind: 'feedback', id: 'fb-1', level: 1, siteId: 'site-a', timeZone: 'Asia/Shanghai' },
        alert: { kind: 'alert', reason: expect.stringContaining('supervisor'), step: 1 },
        userIds: ['sue'],
      },
    ]);
    expect(t.stored.get('fb-1')!.escalationStep).toBe(1);
    expect(t.history).toEqual(['escalated']);
    expect(t.audited).toEqual([expect.objectContaining({ customerId: 'cust-a', siteId: 'site-a', step: 1, rung: 'supervisor' })]);
  });

  it('should tell the handler, else the engineer on call, at registration', async () => {
    const onCall = setup(complaint({ escalationStep: -1 }), makeRota());
    await onCall.run(0);
    // the rota's second day: bob's turn
    expect(onCall.offers[0].userIds).toEqual(['bob']);
    const handled = setup(complaint({ escalationStep: -1, handlerId: 'eng-7' }), makeRota());
    await handled.run(0);
    expect(handled.offers[0].userIds).toEqual(['eng-7']);
  });

  it('should tell the admins when the rota names no manager', async () => {
    const t = setup(complaint({ escalationStep: 1 }), makeRota({ managerIds: [] }), [
      { id: 'root', active: true },
      { id: 'old', active: false },
    ]);
    await t.run(2);
    expect(t.offers[0]).toMatchObject({ alert: { step: 2 }, userIds: ['root'] });
  });

  it('should do nothing for a resolved complaint or a step already taken (a timer run twice)', async () => {
    const resolved = setup(complaint({ state: 'resolved' }), makeRota());
    await resolved.run(1);
    const again = setup(complaint({ escalationStep: 1 }), makeRota());
    await again.run(1);
    expect([...resolved.offers, ...again.offers, ...resolved.history, ...again.history]).toEqual([]);
  });

  it('should record that no one could be told when no rota covers the complaint', async () => {
    const t = setup(complaint(), null);
    await t.run(1);
    expect(t.offers).toEqual([]);
    expect(t.log).toEqual([expect.objectContaining({ faultId: 'fb-1', subject: 'feedback', status: 'failed', detail: 'no on-call rota covers this complaint' })]);
  });

  it('should describe a complaint to the budget as standing until it is settled, in zh-CN and en with the local time', async () => {
    const t = setup(complaint(), makeRota());
    const [about] = [...(await t.escalation.describe(['fb-1'])).values()];
    expect(about.standing).toBe(true);
    expect(about.text.title).toContain('投诉 complaint 一级 level 1 · Alpha / North gate');
    expect(about.text.lines).toEqual(expect.arrayContaining(['期限 due 2026-12-02 14:00 (Asia/Shanghai)', 'https://vigil.example/#/feedback/fb-1']));
    t.stored.set('fb-1', complaint({ state: 'closed' }));
    expect((await t.escalation.describe(['fb-1'])).get('fb-1')!.standing).toBe(false);
  });
});
