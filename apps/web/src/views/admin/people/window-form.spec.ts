import { describe, expect, it } from 'vitest';
import { MAX_WINDOW_DAYS as SERVER_MAX_DAYS } from '@vigil/domain/alerting/maintenance-window';
import type { SiteRow } from './types';
import {
  blankWindow,
  checkMajorEvent,
  checkWindow,
  MAX_WINDOW_DAYS,
  majorEventOf,
  majorEventsOf,
  rulesWithMajorEvents,
  sortWindows,
  windowBody,
  windowState,
  windowZone,
  type WindowDraft,
} from './window-form';

const ZONE = 'Asia/Shanghai';
const NOW = new Date('2026-12-02T02:20:00Z'); // 10:20 in Shanghai
const draft = (over: Partial<WindowDraft> = {}): WindowDraft => ({ ...blankWindow(NOW, ZONE), name: 'UPS swap', siteIds: ['s1'], ...over });

describe('maintenance window form', () => {
  it('should keep the longest window as the server does', () => {
    expect(MAX_WINDOW_DAYS).toBe(SERVER_MAX_DAYS);
  });

  it('should propose the next whole hour for two hours, in wall time of the zone', () => {
    expect(blankWindow(NOW, ZONE)).toMatchObject({ startsAt: '2026-12-02 11:00', endsAt: '2026-12-02 13:00' });
  });

  it('should type times in the zone the covered sites share, and say when they do not share one', () => {
    const sites = new Map<string, Pick<SiteRow, 'timeZone'>>([
      ['s1', { timeZone: 'Asia/Urumqi' }],
      ['s2', { timeZone: 'Asia/Urumqi' }],
      ['s3', { timeZone: 'Asia/Shanghai' }],
    ]);
    expect(windowZone(['s1'], [{ siteId: 's2' }], sites)).toEqual({ zone: 'Asia/Urumqi', mixed: false });
    expect(windowZone(['s1', 's3'], [], sites)).toEqual({ zone: 'Asia/Shanghai', mixed: true });
    expect(windowZone([], [], sites)).toEqual({ zone: 'Asia/Shanghai', mixed: false });
  });

  it('should send instants, and the whole estate as neither sites nor devices', () => {
    expect(windowBody(draft({ reason: ' works ' }), 'Asia/Urumqi')).toEqual({
      name: 'UPS swap',
      startsAt: '2026-12-02T05:00:00.000Z',
      endsAt: '2026-12-02T07:00:00.000Z',
      siteIds: ['s1'],
      deviceIds: [],
      reason: 'works',
    });
    expect(windowBody(draft({ whole: true }), ZONE)).not.toHaveProperty('siteIds');
  });

  it('should refuse a window without a name, covering nothing, ending before it starts or longer than the limit', () => {
    expect(checkWindow(draft(), ZONE)).toEqual([]);
    expect(checkWindow(draft({ name: '', siteIds: [] }), ZONE).map((p) => p.field)).toEqual(['name', 'siteIds']);
    expect(checkWindow(draft({ whole: true, siteIds: [] }), ZONE)).toEqual([]);
    expect(checkWindow(draft({ endsAt: '2026-12-02 10:00' }), ZONE)).toEqual([{ field: 'endsAt', key: 'people.windows.problem.order' }]);
    expect(checkWindow(draft({ startsAt: '2026-12-01 00:00', endsAt: '2027-01-01 00:01' }), ZONE)).toEqual([
      { field: 'endsAt', key: 'people.windows.problem.tooLong', params: { days: 31 } },
    ]);
    expect(checkWindow(draft({ startsAt: '2026-12-01 00:00', endsAt: '2027-01-01 00:00' }), ZONE)).toEqual([]);
    expect(checkWindow(draft({ startsAt: 'soon' }), ZONE)).toEqual([{ field: 'startsAt', key: 'people.windows.problem.time' }]);
  });

  it('should list windows in force first, then those to come, then the past, newest first', () => {
    const w = (id: string, startsAt: string, endsAt: string) => ({ id, startsAt, endsAt });
    const rows = [
      w('old', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'),
      w('later', '2026-12-05T00:00:00Z', '2026-12-06T00:00:00Z'),
      w('older', '2026-10-01T00:00:00Z', '2026-10-02T00:00:00Z'),
      w('now', '2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z'),
      w('soon', '2026-12-03T00:00:00Z', '2026-12-04T00:00:00Z'),
    ];
    expect(sortWindows(rows, NOW).map((r) => r.id)).toEqual(['now', 'soon', 'later', 'old', 'older']);
    expect(windowState(rows[3], NOW)).toBe('active');
    expect(windowState({ startsAt: '2026-12-01T00:00:00Z', endsAt: NOW.toISOString() }, NOW)).toBe('ended');
  });
});

describe('major-event windows', () => {
  it("should replace the contract's major events and keep every other stored rule", () => {
    const stored = { siteOfflineLevel: 2, majorEvents: [{ name: 'old', from: 'x', to: 'y', siteIds: null, raiseBy: 1 }] };
    expect(majorEventsOf(stored)).toHaveLength(1);
    expect(majorEventsOf(null)).toEqual([]);
    const event = majorEventOf({ name: ' Party congress ', from: '2026-12-10 00:00', to: '2026-12-12 00:00', siteIds: [], raiseBy: 2 }, ZONE);
    expect(event).toEqual({ name: 'Party congress', from: '2026-12-09T16:00:00.000Z', to: '2026-12-11T16:00:00.000Z', siteIds: null, raiseBy: 2 });
    expect(rulesWithMajorEvents(stored, [event])).toEqual({ siteOfflineLevel: 2, majorEvents: [event] });
    expect(rulesWithMajorEvents(null, [])).toEqual({ majorEvents: [] });
  });

  it('should refuse a major event without a name or ending before it starts', () => {
    expect(checkMajorEvent({ name: '', from: '2026-12-10 00:00', to: '2026-12-09 00:00', siteIds: [], raiseBy: 1 }, ZONE).map((p) => p.field)).toEqual(['name', 'to']);
  });
});
