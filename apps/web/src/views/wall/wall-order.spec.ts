import { describe, expect, it } from 'vitest';
import type { FaultLevel } from '@vigil/domain/sla/sla-policy';
import { compareSites, needsAttention, onlineRate, orderBySeverity, severityOf } from './wall-order';
import type { WallSite } from './types';

type Faults = Partial<Record<FaultLevel, number>>;
const site = (code: string, faults: Faults = {}, oldest: Partial<Record<FaultLevel, string>> = {}, devices: Partial<WallSite['devices']> = {}): WallSite => ({
  id: `id-${code}`,
  code,
  name: `Site ${code}`,
  region: null,
  parentId: null,
  timeZone: 'Asia/Shanghai',
  devices: { online: 10, degraded: 0, offline: 0, unknown: 0, notMonitored: 0, total: 10, ...devices },
  faults: { 1: 0, 2: 0, 3: 0, 4: 0, ...faults },
  oldestOpenAt: { 1: null, 2: null, 3: null, 4: null, ...oldest },
});

describe('ordering the sites by severity', () => {
  it('should put the worst open level first, whatever the counts of lesser levels', () => {
    const sites = [site('A', { 3: 40 }), site('B', { 1: 1 }), site('C', { 2: 5, 4: 9 }), site('D')];
    expect(orderBySeverity(sites).map((s) => s.code)).toEqual(['B', 'C', 'A', 'D']);
  });

  it('should break a tie of level by the number of faults at that level, more first', () => {
    const sites = [site('A', { 2: 1, 3: 50 }), site('B', { 2: 3 }), site('C', { 2: 2 })];
    expect(orderBySeverity(sites).map((s) => s.code)).toEqual(['B', 'C', 'A']);
  });

  it('should break a tie of level and count by the oldest fault at that level, the longest waiting first', () => {
    const sites = [
      site('A', { 1: 2 }, { 1: '2026-12-02T10:00:00Z' }),
      site('B', { 1: 2 }, { 1: '2026-12-02T08:00:00Z' }),
      site('C', { 1: 2 }, { 1: '2026-12-02T09:00:00Z', 2: '2026-12-01T00:00:00Z' }),
    ];
    expect(orderBySeverity(sites).map((s) => s.code)).toEqual(['B', 'C', 'A']);
  });

  it('should put a site with no known time after one with a time, then order by devices down, then by code', () => {
    const sites = [
      site('E', {}, {}, { offline: 0, degraded: 1 }),
      site('D', {}, {}, { offline: 2 }),
      site('C', { 3: 1 }),
      site('B', { 3: 1 }, { 3: '2026-12-02T10:00:00Z' }),
      site('A'),
      site('A0'),
    ];
    expect(orderBySeverity(sites).map((s) => s.code)).toEqual(['B', 'C', 'D', 'E', 'A', 'A0']);
  });

  it('should leave out a region that only groups other sites (no devices, no faults)', () => {
    const region = site('R', {}, {}, { online: 0, total: 0 });
    expect(orderBySeverity([region, site('A')]).map((s) => s.code)).toEqual(['A']);
    expect(orderBySeverity([site('R', { 1: 1 }, {}, { online: 0, total: 0 })]).map((s) => s.code)).toEqual(['R']);
  });

  it('should describe a site by its worst level, its count and since when', () => {
    expect(severityOf(site('A', { 2: 3, 4: 1 }, { 2: '2026-12-02T08:00:00Z' }))).toEqual({
      worst: 2,
      count: 3,
      since: Date.parse('2026-12-02T08:00:00Z'),
      offline: 0,
      degraded: 0,
    });
    expect(severityOf(site('B'))).toMatchObject({ worst: null, count: 0, since: null });
    // an overview from before the server told the age: no time, not NaN
    const old = { ...site('C', { 1: 1 }), oldestOpenAt: undefined };
    expect(severityOf(old).since).toBeNull();
    expect(compareSites(old, site('D', { 1: 1 }, { 1: '2026-12-02T08:00:00Z' }))).toBeGreaterThan(0);
  });

  it('should not depend on the order the server listed the sites in', () => {
    const sites = [site('A', { 2: 1 }), site('B', { 1: 1 }), site('C'), site('D', { 2: 1 }, {}, { offline: 3 })];
    const expected = orderBySeverity(sites).map((s) => s.code);
    expect(orderBySeverity([...sites].reverse()).map((s) => s.code)).toEqual(expected);
    expect(expected).toEqual(['B', 'D', 'A', 'C']);
  });

  it('should say which sites need attention: any open fault or any device offline', () => {
    expect([site('A'), site('B', { 4: 1 }), site('C', {}, {}, { offline: 1 })].map(needsAttention)).toEqual([false, true, true]);
  });

  it('should count the online rate over devices that send heartbeats, degraded ones being online', () => {
    expect(onlineRate([site('A', {}, {}, { online: 6, degraded: 2, offline: 2, total: 12, notMonitored: 2 })])).toBe(0.8);
    expect(onlineRate([site('B', {}, {}, { online: 0, total: 3, notMonitored: 3 })])).toBeNull();
  });
});
