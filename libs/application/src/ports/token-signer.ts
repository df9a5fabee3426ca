/** Signed, expiring bearer tokens (bound to JWT in the runtime lib); the key comes from the caller (KeyStore). */
export abstract class TokenSigner {
  abstract sign(claims: object, key: string, expiresInSec: number): Promise<string>;
  /** The claims of a token signed with `key` and not expired; throws otherwise. */
  abstract verify<T extends object>(token: string, key: string): Promise<T>;
}
