import type { Actor, Fault, OnCallRota, Site, User } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AlertPlanner } from '../alerting/alert-planner';
import type { AuditService } from '../audit/audit.service';
import { ForbiddenError, InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import type { ClockPort, DeviceRepository, FaultRepository, NotificationLog, OnCallRotaRepository, SiteRepository, TransactionRunner, UserRepository } from '../ports';
import type { FaultContextService } from './fault-context.service';
import type { FaultNotices } from './fault-notices';
import { FaultService } from './fault.service';
import { makeUnitSite } from '../../../../test/support/fake-access';

const NOW = new Date('2026-11-22T10:00:00Z');
const site = (id: string, customerId: string): Site => makeUnitSite(id, customerId, { code: id, name: id, createdAt: NOW, updatedAt: NOW });
const SITES = [site('site-a', 'cust-a'), site('site-b', 'cust-b')];
const ofB = { customerIds: ['cust-b'], siteIds: [] };
const makeFault = (overrides: Partial<Fault> = {}): Fault => ({
  id: 'f1',
  deviceId: null,
  siteId: 'site-b',
  contractId: null,
  region: 'Qingdao',
  kind: 'damaged',
  subject: null,
  level: 3,
  state: 'open',
  source: 'report',
  parentFaultId: null,
  affectedCount: 0,
  description: null,
  reporter: null,
  channel: null,
  plan: null,
  assigneeId: null,
  patrolId: null,
  openedAt: NOW,
  acknowledgedAt: null,
  dispatchedAt: null,
  arrivedAt: null,
  restoredAt: null,
  repairedAt: null,
  closedAt: null,
  clearedAt: null,
  resolution: null,
  pauses: [],
  updatedAt: NOW,
  ...overrides,
});
const makeUser = (id: string, role: User['role'], scope: User['scope']): User => ({
  id,
  username: id,
  displayName: null,
  email: null,
  role,
  passwordHash: 'x',
  tokenVersion: 0,
  active: true,
  scope,
  createdAt: NOW,
  updatedAt: NOW,
});
const rotaOf = (members: string[], siteIds: string[]): OnCallRota => ({
  id: 'r1',
  name: 'B',
  contractId: null,
  siteIds,
  regions: null,
  maxLevel: 4,
  cover: '7x24',
  members,
  startsAt: NOW.toISOString(),
  shiftDays: 7,
  overrides: [],
  supervisorIds: [],
  managerIds: [],
  webhooks: [],
  escalateAfterMinutes: [15, 30, 60],
  repeatEveryMinutes: 10,
  createdAt: NOW,
  updatedAt: NOW,
});
const engineer = (id: string): Actor => ({ userId: id, username: id, role: 'engineer', scope: ofB });

/** The service over strict fakes: only what a case hands in may be touched. */
function setup(opts: { fault: Fault; others?: Fault[]; users?: User[]; rotas?: OnCallRota[]; writable?: boolean }) {
  const audited: { action: string; entity: string; entityId: string | null }[] = [];
  const updated: Fault[] = [];
  const noticed: (string | null)[] = [];
  const tx = strictFake<TransactionRunner>('tx', { run: (work: () => Promise<unknown>) => work(), afterCommit: () => undefined });
  const audit = strictFake<AuditService>('audit', {
    record: async (_actor: Actor, action: string, entity: string, entityId: string | null) => {
      audited.push({ action, entity, entityId });
      return {} as never;
    },
  });
  const access = new AccessPolicy(strictFake<SiteRepository>('sites', { listAll: async () => SITES }), audit, tx);
  const stored = (id: string) => [opts.fault, ...(opts.others ?? [])].find((f) => f.id === id) ?? null;
  const faults = strictFake<FaultRepository>('faults', {
    findById: async (id: string) => stored(id),
    ...(opts.writable
      ? {
          findByIdForUpdate: async (id: string) => stored(id),
          update: async (f: Fault) => {
            updated.push(f);
          },
          appendHistory: async () => undefined,
          recordSla: async () => undefined,
        }
      : {}),
  });
  const service = new FaultService(
    faults,
    // no contract terms: the SLA is shown as unknown, which these cases do not look at
    strictFake<FaultContextService>(
      'context',
      opts.writable
        ? {
            forContract: async () => {
              throw new Error('no terms');
            },
          }
        : {},
    ),
    tx,
    audit,
    strictFake<ClockPort>('clock', { now: () => NOW }),
    strictFake<FaultNotices>('notices'),
    strictFake<DeviceRepository>('devices'),
    strictFake<UserRepository>('users', opts.users ? { findById: async (id: string) => opts.users!.find((u) => u.id === id) ?? null } : {}),
    strictFake<NotificationLog>('notifications'),
    strictFake<AlertPlanner>(
      'planner',
      opts.writable
        ? {
            planChanged: async () => undefined,
            planDispatched: async (f: Fault) => {
              noticed.push(f.assigneeId);
            },
          }
        : {},
    ),
    access,
    strictFake<OnCallRotaRepository>('rotas', opts.rotas ? { list: async () => opts.rotas! } : {}),
  );
  return { service, audited, updated, noticed };
}

describe(FaultService.name, () => {
  it('should answer 404 for a fault outside the scope before reading anything else of it, and record the refusal', async () => {
    const { service, audited } = setup({ fault: makeFault({ siteId: 'site-a' }) });
    await expect(service.get({ userId: 'op', username: 'op', role: 'operator', scope: ofB }, 'f1')).rejects.toThrow(NotFoundError);
    expect(audited).toEqual([{ action: 'access-denied', entity: 'fault', entityId: 'f1' }]);
  });

  it('should answer 404 to an action on a fault outside the scope, whoever acts, and change nothing', async () => {
    const { service, updated } = setup({ fault: makeFault({ siteId: 'site-a' }) });
    await expect(service.act({ userId: 'sup', username: 'sup', role: 'supervisor', scope: ofB }, 'f1', { type: 'acknowledge', plan: null })).rejects.toThrow(NotFoundError);
    await expect(service.act(engineer('eng'), 'f1', { type: 'arrive' })).rejects.toThrow(NotFoundError);
    expect(updated).toEqual([]);
  });

  it('should refuse an engineer a fault dispatched to someone else with 403, without looking at rotas', async () => {
    const { service, audited, updated } = setup({ fault: makeFault({ state: 'dispatched', assigneeId: 'eng-1' }) });
    await expect(service.act(engineer('eng-2'), 'f1', { type: 'arrive' })).rejects.toThrow(ForbiddenError);
    expect(audited).toEqual([{ action: 'access-denied', entity: 'fault', entityId: 'f1' }]);
    expect(updated).toEqual([]);
  });

  it('should refuse an engineer an undispatched fault that no rota of theirs covers', async () => {
    const { service, updated } = setup({ fault: makeFault(), rotas: [rotaOf(['eng-1'], ['site-a']), rotaOf(['eng-2'], ['site-b'])] });
    await expect(service.act(engineer('eng-1'), 'f1', { type: 'acknowledge', plan: null })).rejects.toThrow(ForbiddenError);
    expect(updated).toEqual([]);
  });

  it('should let an engineer on a rota covering an undispatched fault acknowledge it', async () => {
    const { service, updated } = setup({ fault: makeFault(), rotas: [rotaOf(['eng-1'], ['site-b'])], writable: true });
    await expect(service.act(engineer('eng-1'), 'f1', { type: 'acknowledge', plan: 'swap it' })).resolves.toMatchObject({ state: 'acknowledged', plan: 'swap it' });
    expect(updated).toHaveLength(1);
  });

  it("should dispatch only to an engineer or supervisor whose scope covers the fault's site, naming assigneeId", async () => {
    const users = [makeUser('eng-a', 'engineer', { customerIds: ['cust-a'], siteIds: [] }), makeUser('aud-b', 'auditor', ofB), makeUser('eng-b', 'engineer', ofB)];
    const operator: Actor = { userId: 'op', username: 'op', role: 'operator', scope: ofB };
    const { service, updated, noticed } = setup({ fault: makeFault(), users, writable: true });
    for (const assigneeId of ['eng-a', 'aud-b', 'nobody']) {
      const refused = await service.act(operator, 'f1', { type: 'dispatch', assigneeId }).catch((e: unknown) => e);
      expect([assigneeId, refused instanceof InputError && refused.field]).toEqual([assigneeId, 'assigneeId']);
    }
    expect(updated).toEqual([]);
    expect(noticed).toEqual([]);
    await expect(service.act(operator, 'f1', { type: 'dispatch', assigneeId: 'eng-b' })).resolves.toMatchObject({ state: 'dispatched', assigneeId: 'eng-b' });
    // the assignee is told, from a timer written in the dispatch's transaction
    expect(noticed).toEqual(['eng-b']);
  });

  describe('acknowledging many faults at once', () => {
    const operator: Actor = { userId: 'op', username: 'op', role: 'operator', scope: ofB };

    it('should acknowledge every open fault with the one plan in one transaction, audited each, and name those already moved on', async () => {
      const { service, updated, audited } = setup({ fault: makeFault(), others: [makeFault({ id: 'f2' }), makeFault({ id: 'f3', state: 'dispatched' })], writable: true });
      await expect(service.acknowledgeMany(operator, ['f1', 'f2', 'f3', 'f1'], 'send a spare')).resolves.toEqual({
        acknowledged: ['f1', 'f2'],
        skipped: [{ id: 'f3', state: 'dispatched' }],
      });
      expect(updated.map((f) => [f.id, f.state, f.plan])).toEqual([
        ['f1', 'acknowledged', 'send a spare'],
        ['f2', 'acknowledged', 'send a spare'],
      ]);
      expect(audited).toEqual([
        { action: 'update', entity: 'fault', entityId: 'f1' },
        { action: 'update', entity: 'fault', entityId: 'f2' },
      ]);
    });

    it('should change nothing when one of the faults lies outside the scope (404) or does not exist', async () => {
      const { service, updated } = setup({ fault: makeFault(), others: [makeFault({ id: 'fa', siteId: 'site-a' })], writable: true });
      await expect(service.acknowledgeMany(operator, ['f1', 'fa'], null)).rejects.toThrow(NotFoundError);
      await expect(service.acknowledgeMany(operator, ['f1', 'missing'], null)).rejects.toThrow(NotFoundError);
      expect(updated).toEqual([]);
    });

    it("should refuse an engineer the lot (403) when one fault is someone else's, and refuse an auditor before reading any", async () => {
      const { service, updated } = setup({
        fault: makeFault({ assigneeId: 'eng-1', state: 'dispatched' }),
        others: [makeFault({ id: 'f2' })],
        rotas: [rotaOf(['eng-2'], ['site-b'])],
        writable: true,
      });
      await expect(service.acknowledgeMany(engineer('eng-2'), ['f2', 'f1'], null)).rejects.toThrow(ForbiddenError);
      await expect(service.acknowledgeMany({ userId: 'aud', username: 'aud', role: 'auditor', scope: null }, ['f1'], null)).rejects.toThrow(ForbiddenError);
      expect(updated).toEqual([]);
    });
  });
});
