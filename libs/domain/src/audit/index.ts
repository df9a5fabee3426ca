export * from './audit-entry';
export * from './audit-hash';
