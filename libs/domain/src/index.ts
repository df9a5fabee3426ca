export * from './shared';
export * from './identity';
export * from './audit';
export * from './contracts';
export * from './assets/device-type';
export * from './assets/asset.types';
export * from './health/condition';
