export * from './demo-sites';
export * from './demo-estate';
