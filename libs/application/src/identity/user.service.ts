import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MIN_PASSWORD_LENGTH, toPublicUser, type Actor, type Page, type PageRequest, type PublicUser, type Role, type User } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InputError, NotFoundError } from '../errors';
import { ClockPort, PasswordHasher, TransactionRunner, UserRepository } from '../ports';

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  displayName?: string | null;
  email?: string | null;
}

export interface UserPatch {
  password?: string;
  role?: Role;
  displayName?: string | null;
  email?: string | null;
  active?: boolean;
}

@Injectable()
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
  ) {}

  async create(actor: Actor, input: NewUser): Promise<PublicUser> {
    if (input.password.length < MIN_PASSWORD_LENGTH) throw new InputError('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
    const now = this.clock.now();
    const user: User = {
      id: randomUUID(),
      username: input.username,
      displayName: input.displayName ?? null,
      email: input.email ?? null,
      role: input.role,
      passwordHash: await this.hasher.hash(input.password),
      active: true,
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

  /** Role, name, mail, password and whether the user may sign in; an admin cannot lock themself out. */
  async update(actor: Actor, id: string, patch: UserPatch): Promise<PublicUser> {
    if (patch.password !== undefined && patch.password.length < MIN_PASSWORD_LENGTH) {
      throw new InputError('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const passwordHash = patch.password === undefined ? undefined : await this.hasher.hash(patch.password);
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
        passwordHash: passwordHash ?? before.passwordHash,
        updatedAt: this.clock.now(),
      };
      await this.users.update(after);
      const shown = toPublicUser(after);
      await this.audit.record(actor, 'update', 'user', id, toPublicUser(before), { ...shown, passwordChanged: passwordHash !== undefined });
      return shown;
    });
  }

  async list(filter: { role?: Role }, page: PageRequest): Promise<Page<PublicUser>> {
    const found = await this.users.list(filter, page);
    return { items: found.items.map(toPublicUser), total: found.total };
  }
}
