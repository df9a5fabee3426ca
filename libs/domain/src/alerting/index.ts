export * from './oncall-rota';
export * from './maintenance-window';
export * from './alert-message';
export * from './alert-budget';
export * from './test-message';
