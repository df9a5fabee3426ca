export * from './customer-link';
export * from './service-record';
