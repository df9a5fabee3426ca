export * from './sla-policy';
export * from './validate-sla-policy';
export * from './working-calendar';
export * from './evaluate-sla';
