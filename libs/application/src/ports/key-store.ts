/** The install's secrets: `jwt` signs access tokens, `audit` signs the audit chain's head, checkpoints and purge record. */
export type SecretKeyName = 'jwt' | 'audit';

/** Where the install's secrets come from (the environment, key files or, on PostgreSQL, the database); never the caller's business. */
export abstract class KeyStore {
  abstract key(name: SecretKeyName): Promise<string>;
}
