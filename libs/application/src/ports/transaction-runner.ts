/** Runs work in one database transaction; nested calls join the outer one. */
export abstract class TransactionRunner {
  abstract run<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `effect` once the current transaction has committed (dropped if it rolls back); at once outside one. */
  abstract afterCommit(effect: () => void): void;
}
