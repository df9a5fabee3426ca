export * from './core.module';
export * from './start-http-app';
export * from './http';
export * from './time';
export * from './auth';
