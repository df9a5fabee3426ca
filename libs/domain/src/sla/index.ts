export * from './sla-policy';
export * from './validate-sla-policy';
