import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FaultEventPayload } from '@vigil/domain/dashboard/socket-events';
import type { FaultRow } from '@web/components/fault/types';
import { alarmingFaults } from './faults-alarm';
import { mergeRow, useFaults } from './faults';

// the API client keeps the fetch it found when it was made: one the test answers is put in place first
const network = vi.hoisted(() => {
  const state = { answer: (_req: Request): Promise<Response> => Promise.reject(new TypeError('no network in this test')) };
  globalThis.fetch = ((input: Request) => state.answer(input)) as typeof fetch;
  return state;
});

const payload = (id: string, over: Partial<FaultEventPayload> = {}): FaultEventPayload & FaultRow => ({
  id,
  deviceId: `DEV-${id}`,
  siteId: 'S1',
  kind: 'offline',
  level: 3,
  state: 'open',
  openedAt: '2026-12-01T00:00:00Z',
  affectedCount: 0,
  parentFaultId: null,
  assigneeId: null,
  sla: null,
  ...(over as Partial<FaultRow>),
});

describe('the console fault store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('should keep what the list read (the description, the plan) when a live event updates the fault', () => {
    const known = { ...payload('a'), description: '大门摄像机', plan: 'restart' };
    expect(mergeRow(known, payload('a', { state: 'acknowledged' }))).toMatchObject({ state: 'acknowledged', description: '大门摄像机', plan: 'restart' });
  });

  it('should apply the events that arrive while the open faults are being read over the answer, not lose them under it', async () => {
    let release: (r: Response) => void = () => undefined;
    network.answer = () => new Promise((resolve) => (release = resolve));
    const store = useFaults();
    const loading = store.load();
    // meanwhile the live feed says: one fault closed, one opened, one changed
    const during = [
      { type: 'cleared' as const, fault: payload('gone', { state: 'closed' }) },
      { type: 'opened' as const, fault: payload('new', { level: 1 }) },
      { type: 'updated' as const, fault: payload('kept', { state: 'dispatched' }) },
    ];
    const items = [payload('gone'), { ...payload('kept'), description: 'from the list' }];
    await Promise.resolve();
    for (const change of during) store.receive([change]);
    release(new Response(JSON.stringify({ items, total: 2 }), { status: 200, headers: { 'content-type': 'application/json' } }));
    await loading;
    expect([...store.rows.keys()].sort()).toEqual(['kept', 'new']);
    expect(store.rows.get('kept')).toMatchObject({ state: 'dispatched', description: 'from the list' });
  });

  it('should sound the alarm only for level-1 faults just opened, an outage once and not its members', () => {
    const changes = [
      { type: 'opened' as const, fault: payload('l1', { level: 1 }) },
      { type: 'updated' as const, fault: payload('l1-again', { level: 1 }) },
      { type: 'opened' as const, fault: payload('l2', { level: 2 }) },
      { type: 'opened' as const, fault: payload('member', { level: 1, parentFaultId: 'l1' }) },
    ];
    expect(alarmingFaults(changes).map((f) => f.id)).toEqual(['l1']);
  });
});
