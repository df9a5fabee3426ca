import { Injectable } from '@nestjs/common';
import type { Page, PageRequest, Role, User } from '@vigil/domain';
import { UserRepository } from '@vigil/application';
import { UserEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { pageOf } from './page-query';

const toUser = (e: UserEntity): User => ({ ...e, role: e.role as Role, scope: e.scope ?? null });

@Injectable()
export class TypeormUserRepository extends UserRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(UserEntity);
  }
  async findById(id: string): Promise<User | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? toUser(e) : null;
  }
  async findByUsername(username: string): Promise<User | null> {
    const e = await this.repo.findOneBy({ username });
    return e ? toUser(e) : null;
  }
  list(filter: { role?: Role }, page: PageRequest): Promise<Page<User>> {
    const q = this.repo.createQueryBuilder('u').orderBy('u.username', 'ASC');
    if (filter.role) q.andWhere('u.role = :role', { role: filter.role });
    return pageOf(q, page, toUser);
  }
  async insert(user: User): Promise<void> {
    await this.repo.insert(user);
  }
  async update(user: User): Promise<void> {
    await this.repo.save(user);
  }
}
