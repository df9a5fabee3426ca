import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IDEMPOTENCY_KEY_PATTERN, IDEMPOTENCY_KEY_TTL_MS, judgeIdempotentRequest } from '@vigil/domain';
import { ConflictError, IdempotencyKeyReusedError, InputError } from '../errors';
import { ClockPort, IdempotencyRepository } from '../ports';

export interface IdempotentCall {
  userId: string;
  /** Method and path, e.g. `POST /api/faults`. */
  route: string;
  key: string;
  /** What was asked: equal for the same request sent again. */
  fingerprint: string;
}

export type IdempotentStart = { replay: { status: number; body: unknown } } | { token: string };

/** Expired keys are removed at most this often, by whichever request comes along. */
const PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * Idempotency-Key for the field app's retries: the first request with a key runs and its answer is kept;
 * the same request again (same user, route, key and content) gets that answer back instead of running twice.
 */
@Injectable()
export class IdempotencyService {
  private lastPurge = 0;

  constructor(
    private readonly requests: IdempotencyRepository,
    private readonly clock: ClockPort,
  ) {}

  async start(call: IdempotentCall): Promise<IdempotentStart> {
    if (!IDEMPOTENCY_KEY_PATTERN.test(call.key)) throw new InputError('Idempotency-Key', 'must be 1 to 255 visible ASCII characters (a UUID will do)');
    await this.purgeExpired();
    const scope = createHash('sha256').update(`${call.userId}\n${call.route}\n${call.key}`).digest('hex');
    const token = randomUUID();
    // a second round only when another request took the key between our read and our claim
    for (let round = 0; round < 2; round++) {
      const first = await this.requests.find(scope);
      const now = this.clock.now();
      const verdict = judgeIdempotentRequest(first, call.fingerprint, now);
      if (verdict.kind === 'replay') return { replay: { status: verdict.status, body: verdict.body === '' ? undefined : JSON.parse(verdict.body) } };
      if (verdict.kind === 'reused')
        throw new IdempotencyKeyReusedError(`Idempotency-Key ${call.key} was already used for a different request to ${call.route}; send a new key with a new request`);
      if (verdict.kind === 'in-flight') break;
      if (await this.requests.claim(scope, call.userId, call.fingerprint, token, now, first?.token ?? null)) return { token: `${scope}:${token}` };
    }
    throw new ConflictError(`a request with Idempotency-Key ${call.key} is still being processed; send it again once that one has answered`);
  }

  /** Keeps the answer for the retries to come. */
  async finish(held: string, status: number, body: unknown): Promise<void> {
    const [scope, token] = held.split(':');
    await this.requests.complete(scope, token, status, body === undefined || body === null ? '' : JSON.stringify(body));
  }

  /** The request failed: nothing is kept, so the client may correct it and send it again with the same key. */
  async abandon(held: string): Promise<void> {
    const [scope, token] = held.split(':');
    await this.requests.release(scope, token);
  }

  private async purgeExpired(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    await this.requests.purgeBefore(new Date(now - IDEMPOTENCY_KEY_TTL_MS));
  }
}
