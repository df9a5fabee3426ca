import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Device secrets are 32 random bytes, so a stolen hash cannot be reversed by guessing: a slow password hash
 * (argon2: tens of milliseconds and megabytes per check) protects only low-entropy human passwords, and would
 * cost minutes of CPU when 100,000 devices reconnect after a broker restart. A salted SHA-256 costs about a
 * microsecond per CONNECT and is as strong here.
 */
const SCHEME = 'sha256';

export function generateDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashDeviceSecret(secret: string, salt = randomBytes(16).toString('base64url')): string {
  const digest = createHash('sha256').update(salt).update(':').update(secret).digest('base64url');
  return `${SCHEME}$${salt}$${digest}`;
}

export function verifyDeviceSecret(secret: string, stored: string): boolean {
  const [scheme, salt] = stored.split('$');
  if (scheme !== SCHEME || !salt) return false;
  const expected = Buffer.from(stored);
  const actual = Buffer.from(hashDeviceSecret(secret, salt));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
