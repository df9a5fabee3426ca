export * from './deadline-wheel';
export * from './liveness-monitor';
