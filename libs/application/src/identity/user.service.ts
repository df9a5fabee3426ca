import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { passwordProblem, toPublicUser, type Actor, type Page, type PageRequest, type PublicUser, type Role, type User, type UserScope } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InputError, NotFoundError } from '../errors';
import { ClockPort, CustomerRepository, PasswordHasher, SiteRepository, TransactionRunner, UserRepository } from '../ports';
import { UserChanges } from './user-changes';
import { AccessPolicy } from './access-policy';
import { usersVisibleTo } from './user-visibility';

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  displayName?: string | null;
  email?: string | null;
  scope?: UserScope | null;
}

export interface UserPatch {
  password?: string;
  role?: Role;
  displayName?: string | null;
  email?: string | null;
  active?: boolean;
  scope?: UserScope | null;
}

@Injectable()
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly customers: CustomerRepository,
    private readonly sites: SiteRepository,
    private readonly access: AccessPolicy,
    private readonly changes: UserChanges,
  ) {}

  async create(actor: Actor, input: NewUser): Promise<PublicUser> {
    await this.requireScopeInside(actor, input.scope ?? null);
    checkPassword(input.password);
    const now = this.clock.now();
    const user: User = {
      id: randomUUID(),
      username: input.username,
      displayName: input.displayName ?? null,
      email: input.email ?? null,
      role: input.role,
      passwordHash: await this.hasher.hash(input.password),
      tokenVersion: 0,
      active: true,
      scope: await this.checkScope(input.scope ?? null),
      createdAt: now,
      updatedAt: now,
    };
    return this.tx.run(async () => {
      if (await this.users.findByUsername(user.username)) throw new ConflictError(`username ${user.username} is taken`);
      await this.users.insert(user);
      const shown = toPublicUser(user);
      await this.audit.record(actor, 'create', 'user', user.id, null, shown);
      return shown;
    });
  }

  /**
   * Role, name, mail, password and whether the user may sign in; an admin cannot lock themself out. A new
   * password, role or scope, or a deactivation, revokes the user's tokens and closes their open sockets.
   */
  async update(actor: Actor, id: string, patch: UserPatch): Promise<PublicUser> {
    await this.requireUserInside(actor, id);
    if (patch.scope !== undefined) await this.requireScopeInside(actor, patch.scope);
    if (patch.password !== undefined) checkPassword(patch.password);
    const passwordHash = patch.password === undefined ? undefined : await this.hasher.hash(patch.password);
    const scope = patch.scope === undefined ? null : await this.checkScope(patch.scope);
    return this.tx.run(async () => {
      const before = await this.users.findById(id);
      if (!before) throw new NotFoundError('user', id);
      if (before.id === actor.userId && (patch.active === false || (patch.role !== undefined && patch.role !== 'admin'))) {
        throw new ConflictError('you cannot deactivate yourself or take away your own admin role');
      }
      const after: User = {
        ...before,
        role: patch.role ?? before.role,
        displayName: patch.displayName === undefined ? before.displayName : patch.displayName,
        email: patch.email === undefined ? before.email : patch.email,
        active: patch.active ?? before.active,
        scope: patch.scope === undefined ? before.scope : scope,
        passwordHash: passwordHash ?? before.passwordHash,
        updatedAt: this.clock.now(),
      };
      const revoke = passwordHash !== undefined || (before.active && !after.active) || after.role !== before.role || scopeKey(after.scope) !== scopeKey(before.scope);
      if (revoke) {
        after.tokenVersion = before.tokenVersion + 1;
        this.tx.afterCommit(() => this.changes.announceRevoked(id));
      }
      await this.users.update(after);
      const shown = toPublicUser(after);
      await this.audit.record(actor, 'update', 'user', id, toPublicUser(before), { ...shown, passwordChanged: passwordHash !== undefined });
      return shown;
    });
  }

  /** Every customer and site a scope names must exist; an empty scope would show nothing, so it is refused. */
  private async checkScope(scope: UserScope | null): Promise<UserScope | null> {
    if (scope === null) return null;
    if (scope.customerIds.length === 0 && scope.siteIds.length === 0) throw new InputError('scope', 'names no customer and no site; use null for the whole estate');
    for (const id of scope.customerIds) if (!(await this.customers.findById(id))) throw new InputError('scope.customerIds', `customer ${id} does not exist`);
    for (const id of scope.siteIds) if (!(await this.sites.findById(id))) throw new InputError('scope.siteIds', `site ${id} does not exist`);
    return { customerIds: [...new Set(scope.customerIds)], siteIds: [...new Set(scope.siteIds)] };
  }

  /** A scoped actor sees unscoped users and users whose scope lies inside theirs (see usersVisibleTo). */
  async list(actor: Actor, filter: { role?: Role }, page: PageRequest): Promise<Page<PublicUser>> {
    await this.access.require(actor, 'user.read');
    if (!actor.scope) {
      const found = await this.users.list(filter, page);
      return { items: found.items.map(toPublicUser), total: found.total };
    }
    const visible = await usersVisibleTo(this.access, actor, (await this.users.list(filter, {})).items);
    const from = page.offset ?? 0;
    return { items: visible.slice(from, page.limit === undefined ? undefined : from + page.limit).map(toPublicUser), total: visible.length };
  }

  /**
   * A scoped admin changes only users whose scope lies inside theirs: an unscoped user is the whole
   * estate's (403), a user of another customer does not exist for them (404).
   */
  private async requireUserInside(actor: Actor, id: string): Promise<void> {
    await this.access.require(actor, 'user.write');
    if (!actor.scope) return;
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundError('user', id);
    if (user.scope === null) return this.access.requireWholeEstate(actor, 'user.write');
    if ((await usersVisibleTo(this.access, actor, [user])).length === 0) await this.access.outside(actor, 'user.write', 'user', id);
  }

  /**
   * A scoped admin gives only scopes inside their own: never none (the whole estate, 403), customers their
   * scope names whole, and sites whose every sub-site is in their scope (404 for any other, as if unknown).
   */
  private async requireScopeInside(actor: Actor, scope: UserScope | null): Promise<void> {
    await this.access.require(actor, 'user.write');
    if (!actor.scope) return;
    if (scope === null) return this.access.requireWholeEstate(actor, 'user.write');
    for (const id of scope.customerIds) await this.access.requireCustomer(actor, 'user.write', id, 'customer', id);
    const [mine, ...bySite] = await this.access.siteIdsInEach([actor.scope, ...scope.siteIds.map((id) => ({ customerIds: [], siteIds: [id] }))]);
    const inside = new Set(mine);
    // a named site brings its sub-sites, all of which must be in the actor's scope; an unknown site brings none
    const outside = scope.siteIds.find((_, i) => bySite[i].length === 0 || bySite[i].some((s) => !inside.has(s)));
    if (outside !== undefined) await this.access.outside(actor, 'user.write', 'site', outside);
  }
}

const scopeKey = (scope: UserScope | null): string => (scope === null ? 'all' : JSON.stringify([[...scope.customerIds].sort(), [...scope.siteIds].sort()]));

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new InputError('password', problem);
}
