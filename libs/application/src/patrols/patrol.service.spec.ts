import type { Actor, Patrol, Site, User } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import { InMemoryVideoEvidence } from '../testing/in-memory-video-evidence';
import type { AuditService } from '../audit/audit.service';
import { ForbiddenError, InputError, NotFoundError } from '../errors';
import type { FaultService } from '../faults/fault.service';
import { AccessPolicy } from '../identity/access-policy';
import type { ClockPort, DeviceRepository, FileStore, PatrolRepository, ScheduledActions, SiteRepository, TransactionRunner, UserRepository } from '../ports';
import { PatrolService } from './patrol.service';
import { makeUnitSite } from '../../../../test/support/fake-access';

const NOW = new Date('2026-11-22T10:00:00Z');
const site = (id: string, customerId: string): Site => makeUnitSite(id, customerId, { code: id, name: id, createdAt: NOW, updatedAt: NOW });
const ofB = { customerIds: ['cust-b'], siteIds: [] };
const makePatrol = (overrides: Partial<Patrol> = {}): Patrol => ({
  id: 'p1',
  planId: 'plan',
  siteId: 'site-b',
  contractId: null,
  kind: 'monthly',
  templateId: 'monthly',
  templateVersion: 1,
  period: '2026-11',
  periodStart: NOW,
  periodEnd: new Date('2026-12-01T00:00:00Z'),
  dueAt: new Date('2026-12-01T00:00:00Z'),
  state: 'due',
  generatedLate: false,
  assigneeId: null,
  startedAt: null,
  submittedAt: null,
  results: [],
  signoff: null,
  createdAt: NOW,
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

/** The service over strict fakes: a case that reaches past the access check into lines, files or writes fails loudly. */
function setup(patrol: Patrol, users: User[] = []) {
  const audited: string[] = [];
  const scheduled: string[] = [];
  const updated: Patrol[] = [];
  const tx = strictFake<TransactionRunner>('tx', { run: (work: () => Promise<unknown>) => work() });
  const audit = strictFake<AuditService>('audit', {
    record: async (_a: Actor, action: string) => {
      audited.push(action);
      return {} as never;
    },
  });
  const access = new AccessPolicy(strictFake<SiteRepository>('sites', { listAll: async () => [site('site-a', 'cust-a'), site('site-b', 'cust-b')] }), audit, tx);
  const service = new PatrolService(
    strictFake<PatrolRepository>('patrols', { findById: async (id: string) => (id === patrol.id ? patrol : null), update: async (p: Patrol) => void updated.push(p) }),
    strictFake<DeviceRepository>('devices'),
    strictFake<UserRepository>('users', { findById: async (id: string) => users.find((u) => u.id === id) ?? null }),
    strictFake<FileStore>('files'),
    strictFake<FaultService>('faults'),
    tx,
    audit,
    strictFake<ClockPort>('clock', { now: () => NOW }),
    access,
    strictFake<ScheduledActions>('actions', { schedule: async (key: string) => void scheduled.push(key) }),
    new InMemoryVideoEvidence(),
  );
  return { service, audited, scheduled, updated };
}

describe(PatrolService.name, () => {
  const supervisorB: Actor = { userId: 'sup', username: 'sup', role: 'supervisor', scope: ofB };
  const engineerB = (id: string): Actor => ({ userId: id, username: id, role: 'engineer', scope: ofB });

  it('should answer 404 for a patrol outside the scope, on reads, files and work alike, before touching anything else', async () => {
    const { service, audited } = setup(makePatrol({ siteId: 'site-a' }));
    await expect(service.get(supervisorB, 'p1')).rejects.toThrow(NotFoundError);
    await expect(service.photo(supervisorB, 'p1', 'ph1')).rejects.toThrow(NotFoundError);
    await expect(service.assign(supervisorB, 'p1', 'eng')).rejects.toThrow(NotFoundError);
    await expect(service.record(supervisorB, 'p1', 'dusting', { outcome: 'fail' })).rejects.toThrow(NotFoundError);
    await expect(service.addPhoto(engineerB('eng'), 'p1', 'photo-room', Buffer.from('x'))).rejects.toThrow(NotFoundError);
    expect(audited).toEqual(Array(5).fill('access-denied'));
  });

  it('should refuse an engineer a patrol that is not assigned to them with 403, assigned to someone else or to nobody', async () => {
    for (const assigneeId of ['eng-1', null]) {
      const { service, audited } = setup(makePatrol({ assigneeId, state: 'in-progress' }));
      await expect(service.start(engineerB('eng-2'), 'p1')).rejects.toThrow(ForbiddenError);
      await expect(service.sign(engineerB('eng-2'), 'p1', { signerName: 'x', signerTitle: 'y', signature: 'data:image/png;base64,AA==' })).rejects.toThrow(ForbiddenError);
      expect(audited).toEqual(['access-denied', 'access-denied']);
    }
  });

  it('should ask for the callback (回访) of a patrol in the transaction that signs it', async () => {
    const { service, scheduled, updated } = setup(makePatrol({ assigneeId: 'eng', state: 'submitted' }));
    await service.sign(engineerB('eng'), 'p1', { signerName: 'Li', signerTitle: 'manager', signature: 'data:image/png;base64,AA==' });
    expect(updated.map((p) => p.state)).toEqual(['signed']);
    expect(scheduled).toEqual(['callback-open:patrol:p1']);
  });

  it("should assign only to an active engineer or supervisor whose scope covers the patrol's site, naming assigneeId", async () => {
    const users = [
      makeUser('eng-a', 'engineer', { customerIds: ['cust-a'], siteIds: [] }),
      makeUser('op-b', 'operator', ofB),
      { ...makeUser('gone', 'engineer', null), active: false },
    ];
    const { service } = setup(makePatrol(), users);
    for (const assigneeId of ['eng-a', 'op-b', 'gone', 'nobody']) {
      const refused = await service.assign(supervisorB, 'p1', assigneeId).catch((e: unknown) => e);
      expect([assigneeId, refused instanceof InputError && refused.field]).toEqual([assigneeId, 'assigneeId']);
    }
  });
});
