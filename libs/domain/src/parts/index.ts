export * from './parts';
export * from './reorder-text';
export * from './parts-report';
export * from './demo-parts';
