import type { Page, PageRequest, Role, User } from '@vigil/domain';

export abstract class UserRepository {
  abstract findById(id: string): Promise<User | null>;
  abstract findByUsername(username: string): Promise<User | null>;
  abstract list(filter: { role?: Role }, page: PageRequest): Promise<Page<User>>;
  abstract insert(user: User): Promise<void>;
  abstract update(user: User): Promise<void>;
}
