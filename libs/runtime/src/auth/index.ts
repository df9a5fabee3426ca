export * from './auth-adapters.module';
export * from './argon2-password.hasher';
export * from './jwt-token.signer';
