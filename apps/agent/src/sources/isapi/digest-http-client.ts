import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { digestAuthorization, parseDigestChallenge } from './http-digest';
import { RecorderReadError } from './recorder-api-adapter';

export interface DigestGetOptions {
  username: string;
  password: string;
  timeoutMs: number;
  /** Largest body read; a longer answer is refused. */
  maxBytes?: number;
}

interface RawAnswer {
  status: number;
  wwwAuthenticate: string | undefined;
  body: string;
}

function get(url: URL, timeoutMs: number, maxBytes: number, authorization?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'GET', headers: authorization ? { authorization } : {}, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) req.destroy(new RecorderReadError('bad-xml', `answer of ${url.pathname} is larger than ${maxBytes} bytes`));
        else chunks.push(c);
      });
      res.on('end', () => {
        const header = res.headers['www-authenticate'];
        resolve({ status: res.statusCode ?? 0, wwwAuthenticate: Array.isArray(header) ? header[0] : header, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new RecorderReadError('timeout', `${url.pathname} timed out after ${timeoutMs} ms`)));
    req.on('error', (e) => reject(e instanceof RecorderReadError ? e : new RecorderReadError('unreachable', e.message)));
    req.end();
  });
}

/** GET with HTTP Digest: the first request draws the challenge, the second answers it. Resolves with a 2xx body only. */
export async function getWithDigest(url: URL, options: DigestGetOptions): Promise<string> {
  const maxBytes = options.maxBytes ?? 1_000_000;
  let answer = await get(url, options.timeoutMs, maxBytes);
  if (answer.status === 401) {
    const challenge = parseDigestChallenge(answer.wwwAuthenticate);
    if (!challenge) throw new RecorderReadError('unauthorized', `${url.pathname}: 401 without a Digest challenge`);
    const uri = url.pathname + url.search;
    const authorization = digestAuthorization(challenge, {
      method: 'GET',
      uri,
      username: options.username,
      password: options.password,
      nc: 1,
      cnonce: randomBytes(8).toString('hex'),
    });
    answer = await get(url, options.timeoutMs, maxBytes, authorization);
  }
  if (answer.status === 401 || answer.status === 403) throw new RecorderReadError('unauthorized', `${url.pathname}: ${answer.status}`, answer.status);
  if (answer.status < 200 || answer.status >= 300) throw new RecorderReadError('http-status', `${url.pathname}: ${answer.status}`, answer.status);
  return answer.body;
}
