export * from './clock';
export * from './page';
