/** How long a client's Idempotency-Key is remembered (per user and route): a retry within it gets the first answer. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/** A request still unanswered after this long never will be (its process stopped): a retry may run it again. */
export const IDEMPOTENCY_PENDING_STALE_MS = 2 * 60 * 1000;
/** What a key may be: 1 to 255 visible ASCII characters (a UUID is the usual choice). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** What is kept of the first request made with a key: what it asked (a fingerprint) and, once answered, the answer. */
export interface IdempotentRequest {
  fingerprint: string;
  createdAt: Date;
  response: { status: number; body: string } | null;
}

export type IdempotencyVerdict = { kind: 'run' } | { kind: 'replay'; status: number; body: string } | { kind: 'in-flight' } | { kind: 'reused' };

/**
 * What to do with a request carrying a key already seen (IETF draft "The Idempotency-Key HTTP Header Field"):
 * run it when the key is new, expired or left unanswered too long; replay the first answer when it asks the same;
 * refuse it when the first is still running (409) or when it asks something else with the same key (422).
 */
export function judgeIdempotentRequest(first: IdempotentRequest | null, fingerprint: string, now: Date): IdempotencyVerdict {
  if (!first || now.getTime() - first.createdAt.getTime() >= IDEMPOTENCY_KEY_TTL_MS) return { kind: 'run' };
  if (first.fingerprint !== fingerprint) return { kind: 'reused' };
  if (first.response) return { kind: 'replay', ...first.response };
  return now.getTime() - first.createdAt.getTime() >= IDEMPOTENCY_PENDING_STALE_MS ? { kind: 'run' } : { kind: 'in-flight' };
}
