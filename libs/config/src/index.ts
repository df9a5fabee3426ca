export * from './vigil-config';
export * from './load-config';
export * from './config.module';
export * from './config.token';
export * from './key-file';
