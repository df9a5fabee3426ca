import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MIN_PASSWORD_LENGTH, toPublicUser, type Actor, type Page, type PageRequest, type PublicUser, type Role, type User } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InputError } from '../errors';
import { ClockPort, PasswordHasher, TransactionRunner, UserRepository } from '../ports';

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  displayName?: string | null;
  email?: string | null;
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

  async list(filter: { role?: Role }, page: PageRequest): Promise<Page<PublicUser>> {
    const found = await this.users.list(filter, page);
    return { items: found.items.map(toPublicUser), total: found.total };
  }
}
