export * from './role';
export * from './user';
export * from './permissions';
