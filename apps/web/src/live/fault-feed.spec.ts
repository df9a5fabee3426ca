import { describe, expect, it } from 'vitest';
import type { FaultEventPayload } from '@vigil/domain/dashboard/socket-events';
import { applyChange, applySnapshot, emptyFeed } from './fault-feed';

const fault = (id: string, state: FaultEventPayload['state'] = 'open'): FaultEventPayload => ({
  id,
  deviceId: `DEV-${id}`,
  siteId: 'S1',
  kind: 'offline',
  level: 2,
  state,
  openedAt: '2026-12-01T00:00:00Z',
  affectedCount: 1,
  parentFaultId: null,
  assigneeId: null,
});

describe('the live fault feed', () => {
  it('should replace everything on a snapshot', () => {
    const feed = emptyFeed();
    applyChange(feed, { type: 'opened', fault: fault('old') });
    applySnapshot(feed, { at: '2026-12-01T00:00:01Z', summary: { 1: 0, 2: 1, 3: 0, 4: 0 }, faults: [fault('a')], totalOpen: 1 });
    expect([...feed.faults.keys()]).toEqual(['a']);
    expect(feed.summary[2]).toBe(1);
  });

  it('should add, update and drop faults as the events say, a closed one leaving the open list', () => {
    const feed = emptyFeed();
    expect(applyChange(feed, { type: 'opened', fault: fault('a') })).toBe(true);
    applyChange(feed, { type: 'updated', fault: fault('a', 'acknowledged') });
    expect(feed.faults.get('a')?.state).toBe('acknowledged');
    applyChange(feed, { type: 'updated', fault: fault('a', 'closed') });
    expect(feed.faults.has('a')).toBe(false);
    expect(applyChange(feed, { type: 'cleared', fault: fault('missing') })).toBe(false);
  });
});
