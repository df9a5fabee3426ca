/** The install's secrets: `jwt` signs access tokens, `audit` signs the audit chain's head, checkpoints and purge record, `management` encrypts devices' management credentials. */
export type SecretKeyName = 'jwt' | 'audit' | 'management';

/** Where the install's secrets come from (the environment, key files or, on PostgreSQL, the database); never the caller's business. */
export abstract class KeyStore {
  abstract key(name: SecretKeyName): Promise<string>;
}
