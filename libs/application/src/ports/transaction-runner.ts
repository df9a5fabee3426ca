/** Runs work in one database transaction; nested calls join the outer one. */
export abstract class TransactionRunner {
  abstract run<T>(work: () => Promise<T>): Promise<T>;
}
