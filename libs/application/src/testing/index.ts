export * from './fake-time';
