import { Injectable } from '@nestjs/common';
import { LoginFailureRepository } from '@vigil/application';
import { LessThanOrEqual, MoreThan } from 'typeorm';
import { LoginFailureEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';

@Injectable()
export class TypeormLoginFailureRepository extends LoginFailureRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(LoginFailureEntity);
  }
  async record(username: string, at: Date): Promise<void> {
    await this.tx.run(() => this.repo.insert({ username, at }));
  }
  async newestSince(username: string, since: Date, limit: number): Promise<Date[]> {
    const rows = await this.repo.find({ select: { at: true }, where: { username, at: MoreThan(since) }, order: { at: 'DESC' }, take: limit });
    return rows.map((r) => r.at);
  }
  async clear(username: string): Promise<void> {
    await this.tx.run(() => this.repo.delete({ username }));
  }
  async purgeThrough(cutoff: Date): Promise<number> {
    return this.tx.run(async () => (await this.repo.delete({ at: LessThanOrEqual(cutoff) })).affected ?? 0);
  }
}
