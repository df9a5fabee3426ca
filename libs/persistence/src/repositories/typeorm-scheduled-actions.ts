import { Injectable } from '@nestjs/common';
import { Brackets, type WhereExpressionBuilder } from 'typeorm';
import { ScheduledActions, type ScheduledAction } from '@vigil/application';
import { ScheduledActionEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { LIKE_ESCAPE, likeLiteral } from './sql-dialect';

const toAction = (e: ScheduledActionEntity): ScheduledAction => ({
  id: e.id,
  key: e.actionKey,
  kind: e.kind,
  dueAt: e.dueAt,
  payload: JSON.parse(e.payload) as Record<string, unknown>,
  attempts: e.attempts,
});

/**
 * `column` begins with `prefix`, taken literally and case-sensitively: device ids may hold `_`, a LIKE
 * wildcard, and differ only in case (SQLite's LIKE ignores case), so LIKE narrows and substr decides.
 */
function startsWith(column: string, prefix: string): Brackets {
  return new Brackets((q: WhereExpressionBuilder) =>
    q.where(`${column} LIKE :prefix ${LIKE_ESCAPE} AND substr(${column}, 1, :prefixLength) = :exactPrefix`, {
      prefix: `${likeLiteral(prefix)}%`,
      prefixLength: prefix.length,
      exactPrefix: prefix,
    }),
  );
}

@Injectable()
export class TypeormScheduledActions extends ScheduledActions {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(ScheduledActionEntity);
  }
  async schedule(key: string, kind: string, dueAt: Date, payload: Record<string, unknown>): Promise<void> {
    await this.repo.upsert({ actionKey: key, kind, dueAt, payload: JSON.stringify(payload), attempts: 0 }, { conflictPaths: ['actionKey'] });
  }
  async cancel(keyPrefix: string): Promise<void> {
    await this.repo.createQueryBuilder().delete().where(startsWith('"actionKey"', keyPrefix)).execute();
  }
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ScheduledAction[]> {
    return this.tx.run(async () => {
      const q = this.repo.createQueryBuilder('a').where('a.dueAt <= :now', { now: now.toISOString() }).orderBy('a.dueAt', 'ASC').take(limit);
      // several processes on PostgreSQL: each takes rows the others have not locked
      if (this.tx.isPostgres) q.setLock('pessimistic_write').setOnLocked('skip_locked');
      const due = await q.getMany();
      for (const e of due) {
        e.dueAt = leaseUntil;
        e.attempts += 1;
      }
      if (due.length > 0) await this.repo.save(due);
      return due.map(toAction);
    });
  }
  async complete(action: ScheduledAction): Promise<void> {
    // moved by schedule() while it ran (attempts reset to 0): keep the new timing
    await this.repo.delete({ id: action.id, attempts: action.attempts });
  }
  async pending(keyPrefix: string): Promise<ScheduledAction[]> {
    return (await this.repo.createQueryBuilder('a').where(startsWith('"actionKey"', keyPrefix)).orderBy('a.dueAt', 'ASC').getMany()).map(toAction);
  }
}
