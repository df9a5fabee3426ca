import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TransactionRunner } from '@vigil/application';

/**
 * Keeps the transaction's EntityManager in async-local storage so repositories join it.
 * SQLite has one connection per process, so its transactions are queued one at a time.
 */
@Injectable()
export class TypeormTransactionRunner extends TransactionRunner {
  private readonly storage = new AsyncLocalStorage<{ manager: EntityManager; effects: (() => void)[] }>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  manager(): EntityManager {
    return this.storage.getStore()?.manager ?? this.dataSource.manager;
  }

  get isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  afterCommit(effect: () => void): void {
    const store = this.storage.getStore();
    if (store) store.effects.push(effect);
    else effect();
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.storage.getStore()) return work();
    const start = async () => {
      const effects: (() => void)[] = [];
      const result = await this.dataSource.transaction((manager) => this.storage.run({ manager, effects }, work));
      for (const effect of effects) effect();
      return result;
    };
    if (this.isPostgres) return start();
    const result = this.queue.then(start, start);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
