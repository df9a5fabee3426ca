export * from './audit-entry';
export * from './audit-hash';
export * from './verify-chain';
export * from './verify-export';
export * from './audit-owner';
export * from './audit-head';
export * from './audit-references';
