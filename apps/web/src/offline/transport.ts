import { ApiError, send } from '@web/api/http';
import type { QueuedWrite, Verdict } from './queue';

/** The header the server's @Idempotent() routes read (libs/runtime IDEMPOTENCY_HEADER). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Sends one queued write with its key, the token of whoever is signed in, and its body as it was queued. */
export function sendWrite(write: QueuedWrite): Promise<unknown> {
  const headers: Record<string, string> = { [IDEMPOTENCY_HEADER]: write.key };
  if (write.body.kind === 'blob') return send(write.method, write.path, write.body.blob, { ...headers, 'content-type': write.body.type });
  return send(write.method, write.path, write.body.kind === 'json' ? (write.body.data as object) : undefined, headers);
}

/**
 * After a failed attempt: no network, a server busy or restarting, or the same key still being processed
 * (a retry racing the first attempt) are tried again later; a 401 waits for the person to sign in again;
 * anything else the server refused is refused for good and shown to the person.
 */
export function classifyFailure(err: unknown): Verdict {
  if (err instanceof ApiError) {
    if (err.status === 401) return 'pause';
    if (err.status === 409 && /still being processed/i.test(err.serverMessage)) return 'retry';
    if (err.status === 408 || err.status === 425 || err.status === 429 || err.status >= 500) return 'retry';
    return 'fail';
  }
  // fetch's TypeError: no network, or the connection dropped before the answer came
  return 'retry';
}
