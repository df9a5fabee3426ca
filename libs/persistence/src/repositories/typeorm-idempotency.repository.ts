import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { IdempotencyRepository } from '@vigil/application';
import type { IdempotentRequest } from '@vigil/domain';
import { IdempotentRequestEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';

@Injectable()
export class TypeormIdempotencyRepository extends IdempotencyRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(IdempotentRequestEntity);
  }
  async find(scope: string): Promise<(IdempotentRequest & { token: string }) | null> {
    const e = await this.repo.findOneBy({ scope });
    if (!e) return null;
    return { fingerprint: e.fingerprint, createdAt: e.createdAt, token: e.token, response: e.status === null ? null : { status: e.status, body: e.body ?? '' } };
  }
  async claim(scope: string, userId: string, fingerprint: string, token: string, at: Date, replacing: string | null): Promise<boolean> {
    if (replacing) await this.repo.delete({ scope, token: replacing });
    // two requests racing for one key: the primary key lets one row in, the token says whose it is
    await this.repo
      .createQueryBuilder()
      .insert()
      .into(IdempotentRequestEntity)
      .values({ scope, userId, fingerprint, token, createdAt: at, status: null, body: null })
      .orIgnore()
      .execute();
    return (await this.repo.findOneBy({ scope }))?.token === token;
  }
  async complete(scope: string, token: string, status: number, body: string): Promise<void> {
    await this.repo.update({ scope, token }, { status, body });
  }
  async release(scope: string, token: string): Promise<void> {
    await this.repo.delete({ scope, token });
  }
  async purgeBefore(before: Date): Promise<number> {
    return (await this.repo.delete({ createdAt: LessThan(before) })).affected ?? 0;
  }
}
