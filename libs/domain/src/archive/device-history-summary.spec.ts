import type { StoredDeviceEvent } from '../events/device-event';
import type { DeviceChange } from '../events/device-event';
import { formatDuration, monthsRange } from './archive-entry';
import { DeviceHistorySummariser } from './device-history-summary';

const ZONE = 'Asia/Shanghai';
let seq = 0;
const ev = (at: string, change: DeviceChange, deviceId = 'CAM-1'): StoredDeviceEvent => ({ id: ++seq, deviceId, siteId: 'site-1', at: new Date(at), change });
const down = (at: string, deviceId?: string) => ev(at, { kind: 'status-changed', from: 'online', to: 'offline' }, deviceId);
const up = (at: string, deviceId?: string) => ev(at, { kind: 'status-changed', from: 'offline', to: 'online' }, deviceId);

function summarise(
  events: StoredDeviceEvent[],
  window = { from: new Date('2026-01-01T00:00:00+08:00'), end: new Date('2026-04-01T00:00:00+08:00'), timeZone: ZONE },
  start = [] as { deviceId: string; siteId: string; offline: boolean }[],
) {
  const s = new DeviceHistorySummariser(window, start);
  return [...events.flatMap((e) => s.push(e)), ...s.finish()];
}

describe(DeviceHistorySummariser.name, () => {
  it('should collapse a flapping run into one line with its count and total downtime', () => {
    const events: StoredDeviceEvent[] = [];
    // 500 flaps, 30 s down and 30 s up each, from 10:00 local
    const t0 = new Date('2026-02-10T10:00:00+08:00').getTime();
    for (let i = 0; i < 500; i += 1) {
      events.push(down(new Date(t0 + i * 60_000).toISOString()), up(new Date(t0 + i * 60_000 + 30_000).toISOString()));
    }
    const lines = summarise(events);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ kind: 'status', code: 'offline-flapping', deviceId: 'CAM-1', facts: { count: 500, downtimeSec: 15_000, month: '2026-02', open: false } });
    expect(lines[0].at).toEqual(new Date(t0));
    expect(lines[0].until).toEqual(new Date(t0 + 499 * 60_000 + 30_000));
    expect(lines[0].text.zh).toBe('离线 500 次，累计停机 4小时10分');
  });

  it('should start a new line when the device stayed up longer than the joining gap', () => {
    const lines = summarise([down('2026-02-10T10:00:00+08:00'), up('2026-02-10T10:10:00+08:00'), down('2026-02-10T11:10:01+08:00'), up('2026-02-10T11:20:01+08:00')]);
    expect(lines.map((l) => [l.code, l.facts.count, l.facts.downtimeSec])).toEqual([
      ['offline', 1, 600],
      ['offline', 1, 600],
    ]);
  });

  it('should split an outage over the end of a local month, each month counting its own downtime (Asia/Shanghai)', () => {
    // 23:00 on 31 January in Shanghai is 15:00 UTC, still the 31st in UTC too; it comes back at 01:30 local on 1 February
    const lines = summarise([down('2026-01-31T23:00:00+08:00'), up('2026-02-01T01:30:00+08:00')]);
    expect(lines.map((l) => ({ month: l.facts.month, count: l.facts.count, sec: l.facts.downtimeSec, carried: l.facts.carriedOver }))).toEqual([
      { month: '2026-01', count: 1, sec: 3600, carried: false },
      { month: '2026-02', count: 0, sec: 5400, carried: true },
    ]);
    expect(lines[0].until).toEqual(new Date('2026-01-31T16:00:00Z'));
    expect(lines[1].at).toEqual(new Date('2026-01-31T16:00:00Z'));
    expect(lines[1].text.zh).toBe('离线 0 次（自上期持续），累计停机 1小时30分');
  });

  it('should split at the local month end, not at the UTC one', () => {
    // 07:00 local on 1 March is still February in UTC: the whole outage belongs to March
    const lines = summarise([down('2026-03-01T07:00:00+08:00'), up('2026-03-01T09:00:00+08:00')]);
    expect(lines).toHaveLength(1);
    expect(lines[0].facts).toMatchObject({ month: '2026-03', downtimeSec: 7200 });
  });

  it('should split an outage lasting months into one line per month', () => {
    const lines = summarise([down('2026-01-31T12:00:00+08:00'), up('2026-03-02T00:00:00+08:00')]);
    expect(lines.map((l) => [l.facts.month, l.facts.downtimeSec])).toEqual([
      ['2026-01', 12 * 3600],
      ['2026-02', 28 * 86400],
      ['2026-03', 86400],
    ]);
  });

  it('should count an outage under way at the start from the start, and one open at the end up to the end', () => {
    const window = { from: new Date('2026-02-01T00:00:00+08:00'), end: new Date('2026-02-01T12:00:00+08:00'), timeZone: ZONE };
    const lines = summarise([up('2026-02-01T02:00:00+08:00'), down('2026-02-01T11:00:00+08:00', 'CAM-2')], window, [{ deviceId: 'CAM-1', siteId: 'site-1', offline: true }]);
    expect(lines.map((l) => [l.deviceId, l.facts.count, l.facts.downtimeSec, l.facts.carriedOver, l.facts.open])).toEqual([
      ['CAM-1', 0, 7200, true, false],
      ['CAM-2', 1, 3600, false, true],
    ]);
    expect(lines[1].until).toBeNull();
  });

  it('should collapse a condition raised and cleared again and again, apart from other conditions', () => {
    const disk = { kind: 'disk-failed' as const, subject: '2' };
    const lines = summarise(
      [
        ev('2026-02-10T10:00:00+08:00', { kind: 'condition-raised', condition: disk }),
        ev('2026-02-10T10:05:00+08:00', { kind: 'condition-cleared', condition: disk }),
        ev('2026-02-10T10:06:00+08:00', { kind: 'condition-raised', condition: { kind: 'video-loss' } }),
        ev('2026-02-10T10:20:00+08:00', { kind: 'condition-raised', condition: disk }),
        ev('2026-02-10T10:30:00+08:00', { kind: 'condition-cleared', condition: disk }),
      ],
      { from: new Date('2026-02-01T00:00:00+08:00'), end: new Date('2026-02-10T11:00:00+08:00'), timeZone: ZONE },
    );
    expect(lines.map((l) => [l.code, l.facts.condition, l.facts.subject, l.facts.count, l.facts.downtimeSec, l.facts.open])).toEqual([
      ['condition', 'disk-failed', '2', 2, 900, false],
      ['condition', 'video-loss', null, 1, 54 * 60, true],
    ]);
  });

  it('should keep each firmware change as its own line', () => {
    const lines = summarise([ev('2026-02-10T10:00:00+08:00', { kind: 'firmware-changed', from: 'V5.5.0', to: 'V5.7.3' })]);
    expect(lines).toEqual([expect.objectContaining({ kind: 'firmware', code: 'firmware-changed', facts: { from: 'V5.5.0', to: 'V5.7.3', source: 'device' } })]);
  });
});

describe(formatDuration.name, () => {
  it('should write seconds, minutes and hours', () => {
    expect(formatDuration(42)).toEqual({ zh: '42秒', en: '42 s' });
    expect(formatDuration(600)).toEqual({ zh: '10分', en: '10 min' });
    expect(formatDuration(3 * 3600 + 5 * 60)).toEqual({ zh: '3小时05分', en: '3 h 05 min' });
  });
});

describe(monthsRange.name, () => {
  it('should take the months in the zone, the last one whole', () => {
    expect(monthsRange('2026-07', '2026-12', ZONE)).toEqual({ from: new Date('2026-06-30T16:00:00Z'), to: new Date('2026-12-31T16:00:00Z') });
    expect(monthsRange('2026-12', '2026-07', ZONE)).toBeNull();
    expect(monthsRange('2026-13', '2026-12', ZONE)).toBeNull();
  });
});
