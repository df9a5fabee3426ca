export * from './deadline-queue';
export * from './liveness-monitor';
