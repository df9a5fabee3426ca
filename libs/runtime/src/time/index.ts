export * from './node-scheduler';
export * from './time.module';
