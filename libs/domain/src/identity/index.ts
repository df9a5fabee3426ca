export * from './role';
export * from './user';
export * from './permissions';
export * from './password-policy';
export * from './login-throttle';
