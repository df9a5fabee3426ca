/** One-way password hashes (bound to argon2id in the runtime lib). */
export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  /** False for a wrong password and for a hash it cannot read: never throws. */
  abstract verify(hash: string, password: string): Promise<boolean>;
}
