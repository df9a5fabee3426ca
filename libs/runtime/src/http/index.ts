export * from './auth.guard';
export * from './can.decorator';
export * from './current-actor.decorator';
export * from './error.filter';
export * from './idempotency.interceptor';
