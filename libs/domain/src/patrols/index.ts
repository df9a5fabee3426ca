export * from './patrol-period';
export * from './checklist';
export * from './seeded-templates';
export * from './patrol';
export * from './evidence';
export * from './validate-template';
