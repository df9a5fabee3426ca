export * from './settings';
export * from './callback';
export * from './survey';
export * from './analysis';
