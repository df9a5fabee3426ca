export * from './agent-config';
export * from './gateway';
export * from './management';
