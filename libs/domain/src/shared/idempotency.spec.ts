import { IDEMPOTENCY_KEY_PATTERN, IDEMPOTENCY_KEY_TTL_MS, IDEMPOTENCY_PENDING_STALE_MS, judgeIdempotentRequest, type IdempotentRequest } from './idempotency';

const t0 = new Date('2026-12-01T08:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const answered: IdempotentRequest = { fingerprint: 'f1', createdAt: t0, response: { status: 201, body: '{"id":"x"}' } };
const pending: IdempotentRequest = { fingerprint: 'f1', createdAt: t0, response: null };

describe(judgeIdempotentRequest.name, () => {
  it('should run a request whose key was never seen', () => {
    expect(judgeIdempotentRequest(null, 'f1', t0)).toEqual({ kind: 'run' });
  });

  it('should replay the first answer, status and body, to the same request', () => {
    expect(judgeIdempotentRequest(answered, 'f1', later(1000))).toEqual({ kind: 'replay', status: 201, body: '{"id":"x"}' });
    expect(judgeIdempotentRequest(answered, 'f1', later(IDEMPOTENCY_KEY_TTL_MS - 1))).toMatchObject({ kind: 'replay' });
  });

  it('should refuse the key for a request that asks something else, answered or not', () => {
    expect(judgeIdempotentRequest(answered, 'f2', later(1000))).toEqual({ kind: 'reused' });
    expect(judgeIdempotentRequest(pending, 'f2', later(1000))).toEqual({ kind: 'reused' });
  });

  it('should hold a repeat while the first is still running, and run it once the first was left unanswered too long', () => {
    expect(judgeIdempotentRequest(pending, 'f1', later(IDEMPOTENCY_PENDING_STALE_MS - 1))).toEqual({ kind: 'in-flight' });
    expect(judgeIdempotentRequest(pending, 'f1', later(IDEMPOTENCY_PENDING_STALE_MS))).toEqual({ kind: 'run' });
  });

  it('should forget a key after its time, whatever it was used for', () => {
    expect(judgeIdempotentRequest(answered, 'f1', later(IDEMPOTENCY_KEY_TTL_MS))).toEqual({ kind: 'run' });
    expect(judgeIdempotentRequest(answered, 'f2', later(IDEMPOTENCY_KEY_TTL_MS))).toEqual({ kind: 'run' });
  });
});

describe('IDEMPOTENCY_KEY_PATTERN', () => {
  it('should take UUIDs and other visible ASCII up to 255 characters, nothing else', () => {
    expect(IDEMPOTENCY_KEY_PATTERN.test('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe(true);
    expect(IDEMPOTENCY_KEY_PATTERN.test('x'.repeat(255))).toBe(true);
    for (const bad of ['', 'x'.repeat(256), 'has space', 'tab\t', '键']) expect([bad, IDEMPOTENCY_KEY_PATTERN.test(bad)]).toEqual([bad, false]);
  });
});
