import type { IdempotentRequest } from '@vigil/domain';

/** The requests made with an Idempotency-Key, one row per user, route and key (`scope`). */
export abstract class IdempotencyRepository {
  abstract find(scope: string): Promise<(IdempotentRequest & { token: string }) | null>;
  /**
   * Takes the key for a request (marked by `token`) unless another holds it: first removes the row held by
   * `replacing` (an expired or abandoned one), then inserts. Answers whether `token` holds the key now.
   */
  abstract claim(scope: string, userId: string, fingerprint: string, token: string, at: Date, replacing: string | null): Promise<boolean>;
  abstract complete(scope: string, token: string, status: number, body: string): Promise<void>;
  abstract release(scope: string, token: string): Promise<void>;
  /** Removes the rows created before `before`; answers how many. */
  abstract purgeBefore(before: Date): Promise<number>;
}
