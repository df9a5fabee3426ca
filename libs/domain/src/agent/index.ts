export * from './agent-config';
export * from './agent-config.schema';
export * from './gateway';
export * from './management';
