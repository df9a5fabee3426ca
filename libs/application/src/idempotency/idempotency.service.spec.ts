import { IDEMPOTENCY_KEY_TTL_MS, type IdempotentRequest } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import { ConflictError, IdempotencyKeyReusedError, InputError } from '../errors';
import type { ClockPort, IdempotencyRepository } from '../ports';
import { IdempotencyService } from './idempotency.service';

const NOW = new Date('2026-12-01T08:00:00Z');
const call = { userId: 'u1', route: 'POST /api/faults', key: 'k-1', fingerprint: 'f1' };

/** A one-table store in memory; `rival` is a row another request slips in between our read and our claim. */
function setup(stored: (IdempotentRequest & { token: string }) | null, rival: (IdempotentRequest & { token: string }) | null = null) {
  let row = stored;
  const purged: Date[] = [];
  const repo = strictFake<IdempotencyRepository>('requests', {
    find: async () => row,
    claim: async (_scope: string, _user: string, fingerprint: string, token: string, at: Date, replacing: string | null) => {
      if (replacing && row?.token === replacing) row = null;
      if (rival) [row, rival] = [rival, null];
      if (!row) row = { fingerprint, createdAt: at, token, response: null };
      return row.token === token;
    },
    purgeBefore: async (before: Date) => {
      purged.push(before);
      return 0;
    },
  });
  const clock = strictFake<ClockPort>('clock', { now: () => NOW });
  return { service: new IdempotencyService(repo, clock), purged, row: () => row };
}

describe(IdempotencyService.name, () => {
  it('should let a new key through and hold it for that request', async () => {
    const { service, row } = setup(null);
    const started = await service.start(call);
    expect(started).toEqual({ token: expect.stringMatching(/^[0-9a-f]{64}:/) });
    expect(row()).toMatchObject({ fingerprint: 'f1', response: null });
  });

  it('should hand back the first answer to the same request', async () => {
    const { service } = setup({ fingerprint: 'f1', createdAt: NOW, token: 't', response: { status: 201, body: '{"id":"F1"}' } });
    expect(await service.start(call)).toEqual({ replay: { status: 201, body: { id: 'F1' } } });
  });

  it('should replay an empty answer as empty', async () => {
    const { service } = setup({ fingerprint: 'f1', createdAt: NOW, token: 't', response: { status: 201, body: '' } });
    expect(await service.start(call)).toEqual({ replay: { status: 201, body: undefined } });
  });

  it('should refuse the key for another request (422) and hold a repeat of one still running (409)', async () => {
    await expect(setup({ fingerprint: 'other', createdAt: NOW, token: 't', response: null }).service.start(call)).rejects.toThrow(IdempotencyKeyReusedError);
    await expect(setup({ fingerprint: 'f1', createdAt: NOW, token: 't', response: null }).service.start(call)).rejects.toThrow(ConflictError);
  });

  it('should take over an expired key', async () => {
    const { service, row } = setup({ fingerprint: 'other', createdAt: new Date(NOW.getTime() - IDEMPOTENCY_KEY_TTL_MS), token: 'old', response: { status: 201, body: '{}' } });
    expect(await service.start(call)).toHaveProperty('token');
    expect(row()).toMatchObject({ fingerprint: 'f1', response: null });
  });

  it('should answer as the request that won a race for the key', async () => {
    const rival = { fingerprint: 'f1', createdAt: NOW, token: 'rival', response: null };
    await expect(setup(null, rival).service.start(call)).rejects.toThrow(ConflictError);
  });

  it('should refuse a malformed key before touching the store', async () => {
    const service = new IdempotencyService(strictFake<IdempotencyRepository>('requests'), strictFake<ClockPort>('clock'));
    await expect(service.start({ ...call, key: 'with space' })).rejects.toThrow(InputError);
  });

  it('should purge expired keys at most once an hour', async () => {
    const { service, purged } = setup(null);
    await service.start(call);
    await service.start({ ...call, key: 'k-2' }).catch(() => undefined);
    expect(purged).toEqual([new Date(NOW.getTime() - IDEMPOTENCY_KEY_TTL_MS)]);
  });
});
