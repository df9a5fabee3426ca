import { createHash } from 'node:crypto';

/** The parameters of a `WWW-Authenticate: Digest …` challenge (RFC 7616 §3.3). */
export type DigestChallenge = Record<string, string>;

const md5 = (...parts: string[]): string => createHash('md5').update(parts.join(':')).digest('hex');

/** Reads a Digest challenge; null when the header is not one. */
export function parseDigestChallenge(header: string | undefined): DigestChallenge | null {
  if (!header || !/^\s*digest\s/i.test(header)) return null;
  const params: DigestChallenge = {};
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  const rest = header.replace(/^\s*digest\s+/i, '');
  for (let m = re.exec(rest); m; m = re.exec(rest)) params[m[1].toLowerCase()] = m[2] ?? m[3];
  return params.realm !== undefined && params.nonce !== undefined ? params : null;
}

/**
 * The `Authorization` header answering a challenge (RFC 2617/7616, MD5; qop=auth when offered, as Hikvision does).
 * `cnonce` comes from the caller so the header is reproducible in tests.
 */
export function digestAuthorization(challenge: DigestChallenge, request: { method: string; uri: string; username: string; password: string; nc: number; cnonce: string }): string {
  const algorithm = challenge.algorithm ?? 'MD5';
  if (algorithm.toUpperCase() !== 'MD5') throw new Error(`digest algorithm ${algorithm} is not supported`);
  const ha1 = md5(request.username, challenge.realm, request.password);
  const ha2 = md5(request.method, request.uri);
  const qops = (challenge.qop ?? '').split(',').map((q) => q.trim().toLowerCase());
  const nc = request.nc.toString(16).padStart(8, '0');
  const parts = [`username="${request.username}"`, `realm="${challenge.realm}"`, `nonce="${challenge.nonce}"`, `uri="${request.uri}"`];
  if (qops.includes('auth')) {
    parts.push(`qop=auth`, `nc=${nc}`, `cnonce="${request.cnonce}"`, `response="${md5(ha1, challenge.nonce, nc, request.cnonce, 'auth', ha2)}"`);
  } else {
    parts.push(`response="${md5(ha1, challenge.nonce, ha2)}"`);
  }
  parts.push(`algorithm=MD5`);
  if (challenge.opaque !== undefined) parts.push(`opaque="${challenge.opaque}"`);
  return `Digest ${parts.join(', ')}`;
}
