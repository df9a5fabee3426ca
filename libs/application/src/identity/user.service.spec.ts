import type { Actor, Customer, Page, Site, User, UserScope } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AuditService } from '../audit/audit.service';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors';
import type { ClockPort, CustomerRepository, PasswordHasher, SiteRepository, TransactionRunner, UserRepository } from '../ports';
import { AccessPolicy } from './access-policy';
import type { UserChanges } from './user-changes';
import { UserService } from './user.service';

const NOW = new Date('2026-11-22T10:00:00Z');
const EARLIER = new Date('2026-01-01T00:00:00Z');
const site = (id: string, customerId: string): Site => ({
  id,
  code: id,
  name: id,
  region: 'Qingdao',
  parentId: null,
  customerId,
  contractId: null,
  address: null,
  timeZone: 'Asia/Shanghai',
  workingHours: '08:30-17:30',
  siteClass: 'general',
  createdAt: EARLIER,
  updatedAt: EARLIER,
});
const SITES = [site('a1', 'cust-a'), site('b1', 'cust-b'), site('b2', 'cust-b')];
const CUSTOMERS: Customer[] = [
  { id: 'cust-a', name: 'A' },
  { id: 'cust-b', name: 'B' },
];
const ofA: UserScope = { customerIds: ['cust-a'], siteIds: [] };
const ofB: UserScope = { customerIds: ['cust-b'], siteIds: [] };
const makeUser = (id: string, role: User['role'], scope: UserScope | null): User => ({
  id,
  username: id,
  displayName: null,
  email: null,
  role,
  passwordHash: 'hash:old-password',
  tokenVersion: 0,
  active: true,
  scope,
  createdAt: EARLIER,
  updatedAt: EARLIER,
});

const admin: Actor = { userId: 'admin', username: 'admin', role: 'admin', scope: null };
const adminB: Actor = { userId: 'admin-b', username: 'admin-b', role: 'admin', scope: ofB };
const supervisor: Actor = { userId: 'sup', username: 'sup', role: 'supervisor', scope: null };

/**
 * The service over in-memory users (the unscoped admin, admin-b and eng-b of customer B, eng-a of customer A,
 * unscoped ops) and a transaction fake that runs after-commit effects only when the work succeeds.
 */
function setup() {
  const users = new Map(
    [
      makeUser('admin', 'admin', null),
      makeUser('admin-b', 'admin', ofB),
      makeUser('eng-a', 'engineer', ofA),
      makeUser('eng-b', 'engineer', ofB),
      makeUser('ops', 'operator', null),
    ].map((u) => [u.id, u]),
  );
  const audited: { action: string; entity: string; entityId: string | null; after: unknown }[] = [];
  const revoked: string[] = [];
  let effects: (() => void)[] = [];
  let open = false;
  const tx = strictFake<TransactionRunner>('tx', {
    run: async (work: () => Promise<unknown>) => {
      effects = [];
      open = true;
      const result = await work().finally(() => (open = false));
      effects.forEach((effect) => effect());
      return result;
    },
    afterCommit: (effect: () => void) => void effects.push(effect),
  });
  const audit = strictFake<AuditService>('audit', {
    record: async (_a: Actor, action: string, entity: string, entityId: string | null, _before: unknown, after: unknown) => {
      audited.push({ action, entity, entityId, after });
      return {} as never;
    },
  });
  const siteRepo = strictFake<SiteRepository>('sites', { listAll: async () => SITES, findById: async (id: string) => SITES.find((s) => s.id === id) ?? null });
  const service = new UserService(
    strictFake<UserRepository>('users', {
      findById: async (id: string) => users.get(id) ?? null,
      findByUsername: async (name: string) => [...users.values()].find((u) => u.username === name) ?? null,
      list: async (): Promise<Page<User>> => ({ items: [...users.values()], total: users.size }),
      insert: async (u: User) => void users.set(u.id, u),
      update: async (u: User) => void users.set(u.id, u),
    }),
    strictFake<PasswordHasher>('hasher', { hash: async (p: string) => `hash:${p}` }),
    tx,
    audit,
    strictFake<ClockPort>('clock', { now: () => NOW }),
    strictFake<CustomerRepository>('customers', { findById: async (id: string) => CUSTOMERS.find((c) => c.id === id) ?? null }),
    siteRepo,
    new AccessPolicy(siteRepo, audit, tx),
    strictFake<UserChanges>('changes', { announceRevoked: (id: string) => void revoked.push(open ? `${id} before commit` : id) }),
  );
  return { service, users, audited, revoked };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'done',
    (e: unknown) => (e instanceof InputError ? e.field : (e as Error).constructor.name),
  );
const newUser = (scope: UserScope | null = ofB) => ({ username: 'newbie', password: 'a-long-passphrase', role: 'engineer' as const, scope });

describe(UserService.name, () => {
  it('should refuse a non-admin with 403, and a scoped admin users and scopes beyond theirs (the estate 403, another customer 404), recorded', async () => {
    const { service, users, audited } = setup();
    await expect(service.create(supervisor, newUser())).rejects.toThrow(ForbiddenError);
    await expect(service.update(adminB, 'eng-a', { displayName: 'x' })).rejects.toThrow(NotFoundError);
    await expect(service.update(adminB, 'ops', { displayName: 'x' })).rejects.toThrow(ForbiddenError);
    await expect(service.create(adminB, newUser(null))).rejects.toThrow(ForbiddenError);
    await expect(service.create(adminB, newUser(ofA))).rejects.toThrow(NotFoundError);
    await expect(service.create(adminB, newUser({ customerIds: [], siteIds: ['a1'] }))).rejects.toThrow(NotFoundError);
    await expect(service.update(adminB, 'eng-b', { scope: ofA })).rejects.toThrow(NotFoundError);
    expect(audited.map((e) => [e.action, e.entity, e.entityId])).toEqual([
      ['access-denied', 'permission', null],
      ['access-denied', 'user', 'eng-a'],
      ['access-denied', 'estate', null],
      ['access-denied', 'estate', null],
      ['access-denied', 'customer', 'cust-a'],
      ['access-denied', 'site', 'a1'],
      ['access-denied', 'customer', 'cust-a'],
    ]);
    expect([users.size, users.get('eng-b')!.scope]).toEqual([5, ofB]);
  });

  it('should refuse a weak password and a scope naming nothing or unknown places with 400 naming the field, and a taken name with 409', async () => {
    const { service, users, audited } = setup();
    expect(await refusal(service.create(admin, { ...newUser(), password: 'short' }))).toBe('password');
    expect(await refusal(service.create(admin, { ...newUser(), password: 'password123' }))).toBe('password');
    expect(await refusal(service.create(admin, newUser({ customerIds: [], siteIds: [] })))).toBe('scope');
    expect(await refusal(service.create(admin, newUser({ customerIds: ['cust-x'], siteIds: [] })))).toBe('scope.customerIds');
    expect(await refusal(service.create(admin, newUser({ customerIds: [], siteIds: ['nowhere'] })))).toBe('scope.siteIds');
    expect(await refusal(service.update(admin, 'eng-b', { password: 'short' }))).toBe('password');
    expect(await refusal(service.create(admin, { ...newUser(), username: 'eng-a' }))).toBe(ConflictError.name);
    expect([users.size, users.get('eng-b')!.passwordHash, audited]).toEqual([5, 'hash:old-password', []]);
  });

  it('should create a user with the hashed password, deduplicated scope, and an audit entry that holds no hash', async () => {
    const { service, users, audited } = setup();
    const shown = await service.create(adminB, newUser({ customerIds: ['cust-b', 'cust-b'], siteIds: ['b1'] }));
    const stored = users.get(shown.id)!;
    expect(stored).toMatchObject({
      username: 'newbie',
      passwordHash: 'hash:a-long-passphrase',
      tokenVersion: 0,
      active: true,
      scope: { customerIds: ['cust-b'], siteIds: ['b1'] },
      createdAt: NOW,
    });
    expect(shown).not.toHaveProperty('passwordHash');
    expect(audited).toEqual([{ action: 'create', entity: 'user', entityId: shown.id, after: shown }]);
  });

  it('should revoke tokens (version up, sockets told after commit) for a new password, role, scope or deactivation, not for a new name', async () => {
    const { service, users, revoked, audited } = setup();
    await service.update(admin, 'eng-b', { displayName: 'Engineer B' });
    expect([users.get('eng-b')!.tokenVersion, revoked]).toEqual([0, []]);
    await service.update(admin, 'eng-b', { password: 'a-new-passphrase' });
    await service.update(admin, 'eng-b', { role: 'supervisor' });
    await service.update(admin, 'eng-b', { scope: { customerIds: [], siteIds: ['b1'] } });
    await service.update(admin, 'eng-b', { active: false });
    expect(users.get('eng-b')).toMatchObject({ tokenVersion: 4, passwordHash: 'hash:a-new-passphrase', role: 'supervisor', active: false, displayName: 'Engineer B' });
    expect(revoked).toEqual(['eng-b', 'eng-b', 'eng-b', 'eng-b']);
    expect(audited.map((e) => (e.after as { passwordChanged: boolean }).passwordChanged)).toEqual([false, true, false, false, false]);
  });

  it('should refuse an admin deactivating themself or dropping their own admin role with 409', async () => {
    const { service, users, revoked } = setup();
    await expect(service.update(admin, 'admin', { active: false })).rejects.toThrow(ConflictError);
    await expect(service.update(admin, 'admin', { role: 'supervisor' })).rejects.toThrow(ConflictError);
    expect([users.get('admin')!.active, users.get('admin')!.role, revoked]).toEqual([true, 'admin', []]);
  });

  it('should list for a scoped actor the unscoped users and those inside their scope, paged', async () => {
    const { service } = setup();
    const all = await service.list(adminB, {}, {});
    expect([all.items.map((u) => u.id), all.total]).toEqual([['admin', 'admin-b', 'eng-b', 'ops'], 4]);
    const page = await service.list(adminB, {}, { offset: 1, limit: 2 });
    expect([page.items.map((u) => u.id), page.total]).toEqual([['admin-b', 'eng-b'], 4]);
    expect((await service.list(admin, {}, {})).total).toBe(5);
  });
});
