import { describe, expect, it } from 'vitest';
import type { FaultEventPayload } from '@vigil/domain/dashboard/socket-events';
import { newestFaults } from './use-wall-data';

const fault = (id: string, openedAt: string, over: Partial<FaultEventPayload> = {}): FaultEventPayload => ({
  id,
  deviceId: null,
  siteId: 'S1',
  kind: 'offline',
  level: 3,
  state: 'open',
  openedAt,
  affectedCount: 1,
  parentFaultId: null,
  assigneeId: null,
  ...over,
});

describe(newestFaults.name, () => {
  it('should list the newest open top-level faults first, at most the count asked for', () => {
    const faults = [
      fault('a', '2026-12-02T10:00:00.000Z'),
      fault('b', '2026-12-02T12:00:00.000Z'),
      fault('c', '2026-12-02T11:00:00.000Z', { parentFaultId: 'b' }),
      fault('d', '2026-12-02T13:00:00.000Z', { state: 'closed' }),
      fault('e', '2026-12-02T11:00:00.000Z'),
      fault('f', '2026-12-02T11:00:00.000Z'),
    ];
    expect(newestFaults(faults, 3).map((f) => f.id)).toEqual(['b', 'e', 'f']);
    expect(newestFaults(new Map(faults.map((f) => [f.id, f])).values()).map((f) => f.id)).toEqual(['b', 'e', 'f', 'a']);
  });

  it('should sort 5,000 faults quickly enough to redo once a second', () => {
    const many = Array.from({ length: 5000 }, (_, i) => fault(`f${i}`, new Date(Date.UTC(2026, 11, 2, 0, 0, i % 3600)).toISOString()));
    const t0 = performance.now();
    const top = newestFaults(many);
    expect(top).toHaveLength(10);
    expect(top[0].openedAt).toBe('2026-12-02T00:59:59.000Z');
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
