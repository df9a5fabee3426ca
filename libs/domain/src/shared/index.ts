export * from './clock';
export * from './page';
export * from './priority-semaphore';
export * from './csv-cell';
export * from './local-time';
export * from './idempotency';
export * from './field-errors';
