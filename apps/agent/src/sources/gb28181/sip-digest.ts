import { createHash, timingSafeEqual } from 'node:crypto';

/** The parameters of one `Authorization: Digest …` header, quotes already removed. */
export interface DigestCredentials {
  username?: string;
  realm?: string;
  nonce?: string;
  uri?: string;
  response?: string;
  algorithm?: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
}

const md5 = (...parts: string[]): string => createHash('md5').update(parts.join(':')).digest('hex');

export function unquote(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

/** Reads the sip package's parsed header (values still quoted) into plain credentials. */
export function readCredentials(header: Record<string, unknown>): DigestCredentials {
  const keys = ['username', 'realm', 'nonce', 'uri', 'response', 'algorithm', 'qop', 'nc', 'cnonce'] as const;
  return Object.fromEntries(keys.map((k) => [k, unquote(header[k])]).filter(([, v]) => v !== undefined));
}

/**
 * RFC 2617 §3.2.2 (as RFC 3261 §22.4 uses it): MD5, with or without qop=auth. True only when the header names this user,
 * realm and nonce and its response is the one the password gives.
 */
export function verifyDigest(method: string, c: DigestCredentials, expected: { username: string; realm: string; nonce: string; password: string }): boolean {
  if (c.username !== expected.username || c.realm !== expected.realm || c.nonce !== expected.nonce) return false;
  if (!c.uri || !c.response) return false;
  if (c.algorithm !== undefined && c.algorithm.toUpperCase() !== 'MD5') return false;
  const ha1 = md5(expected.username, expected.realm, expected.password);
  const ha2 = md5(method, c.uri);
  let want: string;
  if (c.qop === undefined) want = md5(ha1, c.nonce, ha2);
  else if (c.qop.toLowerCase() === 'auth' && c.nc && c.cnonce) want = md5(ha1, c.nonce, c.nc, c.cnonce, 'auth', ha2);
  else return false;
  const got = Buffer.from(c.response.toLowerCase());
  return got.length === want.length && timingSafeEqual(got, Buffer.from(want));
}
