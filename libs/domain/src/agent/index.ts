export * from './agent-config';
export * from './agent-config.schema';
