import type { HealthReport, RecorderChannel } from '../ingest/heartbeat';
import { DEFAULT_VIDEO_THRESHOLDS, type VqdReport } from '../video/video-types';
import type { Condition } from './condition';
import { deriveConditions, DEFAULT_HEALTH_OPTIONS } from './derive-conditions';
import { applyVqd, initialHealth, type HealthState } from './device-health';
import { videoConditions, vqdFailed, type VideoOptions } from './video-conditions';

const SHANGHAI: VideoOptions = { timeZone: 'Asia/Shanghai', siteClass: 'general', thresholds: DEFAULT_VIDEO_THRESHOLDS };
const BERLIN: VideoOptions = { ...SHANGHAI, timeZone: 'Europe/Berlin' };
const options = (video: VideoOptions) => ({ ...DEFAULT_HEALTH_OPTIONS, video });
const channel = (over: Partial<RecorderChannel>): HealthReport => ({ channels: [{ ch: 1, ...over }] });
const derive = (report: HealthReport, at: string, video = SHANGHAI, previous: Condition[] = []) => deriveConditions(report, previous, options(video), new Date(at));

describe(videoConditions.name, () => {
  describe('recording-gap', () => {
    it("should raise it for a gap in the day's list longer than the contract's minutes, on the channel", () => {
      const gaps = [
        { from: new Date('2026-11-22T01:00:00+08:00'), to: new Date('2026-11-22T01:10:00+08:00') },
        { from: new Date('2026-11-22T03:00:00+08:00'), to: new Date('2026-11-22T05:00:00+08:00') },
      ];
      expect(derive(channel({ gaps }), '2026-11-22T10:00:00+08:00')).toEqual([{ kind: 'recording-gap', subject: '1' }]);
      expect(derive(channel({ gaps: gaps.slice(0, 1) }), '2026-11-22T10:00:00+08:00')).toEqual([]);
      expect(derive(channel({ gaps: [] }), '2026-11-22T10:00:00+08:00', SHANGHAI, [{ kind: 'recording-gap', subject: '1' }])).toEqual([]);
    });

    it('should count only the part of a gap inside the site-local day', () => {
      // 22:30 yesterday to 00:20 today (Shanghai): 20 minutes of today
      const gaps = [{ from: new Date('2026-11-21T22:30:00+08:00'), to: new Date('2026-11-22T00:20:00+08:00') }];
      expect(derive(channel({ gaps }), '2026-11-22T09:00:00+08:00')).toEqual([]);
      expect(derive(channel({ gaps }), '2026-11-21T23:59:00+08:00')).toEqual([{ kind: 'recording-gap', subject: '1' }]);
    });

    it('should follow the contract threshold', () => {
      const gaps = [{ from: new Date('2026-11-22T03:00:00+08:00'), to: new Date('2026-11-22T03:20:00+08:00') }];
      const strict = { ...SHANGHAI, thresholds: { ...DEFAULT_VIDEO_THRESHOLDS, maxGapMinutes: 15 } };
      expect(derive(channel({ gaps }), '2026-11-22T10:00:00+08:00', strict)).toEqual([{ kind: 'recording-gap', subject: '1' }]);
    });

    it('should without a list compare recorded seconds with the part of the local day elapsed at receipt', () => {
      // 10:00 in Shanghai: 36,000 s of the day; 30 minutes missing is not over 30
      expect(derive(channel({ recordedSec: 36_000 - 1800 }), '2026-11-22T02:00:00Z')).toEqual([]);
      expect(derive(channel({ recordedSec: 36_000 - 1801 }), '2026-11-22T02:00:00Z')).toEqual([{ kind: 'recording-gap', subject: '1' }]);
      // the same instant is 03:00 in Berlin: 3 h elapsed
      expect(derive(channel({ recordedSec: 10_800 - 1800 }), '2026-11-22T02:00:00Z', BERLIN)).toEqual([]);
    });

    it('should raise nothing early in the day, when little can be missing', () => {
      expect(derive(channel({ recordedSec: 0 }), '2026-11-22T00:20:00+08:00')).toEqual([]);
      expect(derive(channel({ recordedSec: 0 }), '2026-11-22T00:31:00+08:00')).toEqual([{ kind: 'recording-gap', subject: '1' }]);
      // a recorder still counting yesterday just after midnight
      expect(derive(channel({ recordedSec: 86_000 }), '2026-11-22T00:05:00+08:00')).toEqual([]);
    });

    it('should count the real hours of a DST day (Europe/Berlin: 23 h in March, 25 h in October)', () => {
      // 29 March 2026, 12:00 CEST: 11 h since midnight (02:00 does not exist)
      expect(derive(channel({ recordedSec: 11 * 3600 }), '2026-03-29T12:00:00+02:00', BERLIN)).toEqual([]);
      expect(derive(channel({ recordedSec: 11 * 3600 - 1801 }), '2026-03-29T12:00:00+02:00', BERLIN)).toEqual([{ kind: 'recording-gap', subject: '1' }]);
      // 25 October 2026, 23:30 CET: 24.5 h since midnight (02:00–03:00 came twice)
      expect(derive(channel({ recordedSec: 88_200 }), '2026-10-25T23:30:00+01:00', BERLIN)).toEqual([]);
      expect(derive(channel({ recordedSec: 84_600 }), '2026-10-25T23:30:00+01:00', BERLIN)).toEqual([{ kind: 'recording-gap', subject: '1' }]);
    });
  });

  describe('retention-short', () => {
    it("should compare whole days from the oldest recording to the site's today with its class's minimum", () => {
      const at = '2026-11-22T10:00:00+08:00';
      expect(derive(channel({ oldestRecording: '2026-11-02' }), at, { ...SHANGHAI, siteClass: 'bank' })).toEqual([{ kind: 'retention-short', subject: '1' }]);
      expect(derive(channel({ oldestRecording: '2026-10-23' }), at, { ...SHANGHAI, siteClass: 'bank' })).toEqual([]);
      expect(derive(channel({ oldestRecording: '2026-10-23' }), at, { ...SHANGHAI, siteClass: 'hotel' })).toEqual([{ kind: 'retention-short', subject: '1' }]);
      const overridden = {
        ...SHANGHAI,
        siteClass: 'hotel' as const,
        thresholds: { ...DEFAULT_VIDEO_THRESHOLDS, retentionDays: { ...DEFAULT_VIDEO_THRESHOLDS.retentionDays, hotel: 30 } },
      };
      expect(derive(channel({ oldestRecording: '2026-10-23' }), at, overridden)).toEqual([]);
    });

    it("should take today in the site's zone, not UTC", () => {
      // 01:00 on 23 November in Shanghai is still 22 November in UTC
      expect(derive(channel({ oldestRecording: '2026-10-24' }), '2026-11-22T17:00:00Z')).toEqual([]);
      expect(derive(channel({ oldestRecording: '2026-10-24' }), '2026-11-22T17:00:00Z', { ...SHANGHAI, timeZone: 'UTC' })).toEqual([{ kind: 'retention-short', subject: '1' }]);
    });
  });

  describe('stream-low', () => {
    it('should raise it for a channel or a camera below either floor', () => {
      const at = '2026-11-22T10:00:00+08:00';
      expect(derive(channel({ bitrateKbps: 100, fps: 25 }), at)).toEqual([{ kind: 'stream-low', subject: '1' }]);
      expect(derive(channel({ bitrateKbps: 4096, fps: 5 }), at)).toEqual([{ kind: 'stream-low', subject: '1' }]);
      expect(derive(channel({ bitrateKbps: 256, fps: 10 }), at)).toEqual([]);
      expect(derive({ video: 'ok', bitrateKbps: 128 }, at)).toEqual([{ kind: 'stream-low' }]);
      expect(derive({ fps: 25 }, at, SHANGHAI, [{ kind: 'stream-low' }])).toEqual([]);
    });

    it('should leave a floor of 0 off', () => {
      const off = { ...SHANGHAI, thresholds: { ...DEFAULT_VIDEO_THRESHOLDS, minBitrateKbps: 0, minFps: 0 } };
      expect(derive(channel({ bitrateKbps: 0, fps: 0 }), '2026-11-22T10:00:00+08:00', off)).toEqual([]);
    });
  });

  it("should keep a channel's state for each field its report leaves out", () => {
    const previous: Condition[] = [
      { kind: 'recording-gap', subject: '1' },
      { kind: 'retention-short', subject: '1' },
      { kind: 'stream-low', subject: '1' },
      { kind: 'recording-gap', subject: '2' },
    ];
    const report: HealthReport = {
      channels: [
        { ch: 1, recording: true },
        { ch: 2, recordedSec: 36_000 },
      ],
    };
    expect(derive(report, '2026-11-22T10:00:00+08:00', SHANGHAI, previous)).toEqual(previous.slice(0, 3));
    expect(derive({ disks: [] }, '2026-11-22T10:00:00+08:00', SHANGHAI, previous)).toEqual(previous);
  });

  it('should say nothing of recording or retention without a receipt time, and use the defaults in UTC without options', () => {
    expect(deriveConditions(channel({ recordedSec: 0, oldestRecording: '2020-01-01' }), [{ kind: 'recording-gap', subject: '1' }])).toEqual([
      { kind: 'recording-gap', subject: '1' },
    ]);
    expect(deriveConditions(channel({ oldestRecording: '2026-11-01' }), [], DEFAULT_HEALTH_OPTIONS, new Date('2026-11-22T10:00:00Z'))).toEqual([
      { kind: 'retention-short', subject: '1' },
    ]);
  });
});

describe(vqdFailed.name, () => {
  it("should go by pass when given, else by the score against the contract's floor", () => {
    const t = DEFAULT_VIDEO_THRESHOLDS;
    expect(vqdFailed({ pass: false }, t)).toBe(true);
    expect(vqdFailed({ pass: true, score: 10 }, t)).toBe(false);
    expect(vqdFailed({ pass: false, score: 99 }, t)).toBe(true);
    expect(vqdFailed({ score: 59 }, t)).toBe(true);
    expect(vqdFailed({ score: 60 }, t)).toBe(false);
    expect(vqdFailed({ score: 70 }, { ...t, vqdMinScore: 80 })).toBe(true);
  });
});

describe(applyVqd.name, () => {
  const seen = new Date('2026-11-22T02:00:00Z');
  const online: HealthState = { ...initialHealth(), status: 'online', lastSeenAt: seen };
  const camera = (checks: VqdReport['checks']): VqdReport => ({ ts: seen, ch: null, checks });

  it('should raise the failed checks and degrade an online device, touching nothing of liveness', () => {
    const out = applyVqd(online, camera({ occlusion: { pass: false }, blur: { score: 90 }, noise: { score: 20 } }), DEFAULT_VIDEO_THRESHOLDS);
    expect(out.state).toEqual({ ...online, status: 'degraded', conditions: [{ kind: 'vqd-noise' }, { kind: 'vqd-occlusion' }] });
    expect(out.changes).toEqual([
      { kind: 'condition-raised', condition: { kind: 'vqd-noise' } },
      { kind: 'condition-raised', condition: { kind: 'vqd-occlusion' } },
      { kind: 'status-changed', from: 'online', to: 'degraded' },
    ]);
  });

  it('should replace only the checks it carries, on its channel', () => {
    const state: HealthState = {
      ...online,
      status: 'degraded',
      conditions: [
        { kind: 'vqd-occlusion', subject: '2' },
        { kind: 'vqd-blur', subject: '2' },
        { kind: 'vqd-blur', subject: '3' },
      ],
    };
    const out = applyVqd(state, { ts: seen, ch: 2, checks: { occlusion: { pass: true } } }, DEFAULT_VIDEO_THRESHOLDS);
    expect(out.state.conditions).toEqual([
      { kind: 'vqd-blur', subject: '2' },
      { kind: 'vqd-blur', subject: '3' },
    ]);
    expect(out.changes).toEqual([{ kind: 'condition-cleared', condition: { kind: 'vqd-occlusion', subject: '2' } }]);
  });

  it('should leave a never-heard device unknown and an offline one offline', () => {
    expect(applyVqd(initialHealth(), camera({ frozen: { pass: false } }), DEFAULT_VIDEO_THRESHOLDS).state).toMatchObject({
      status: 'unknown',
      conditions: [{ kind: 'vqd-frozen' }],
    });
    const offline: HealthState = { ...online, status: 'offline', conditions: [{ kind: 'offline' }] };
    expect(applyVqd(offline, camera({ frozen: { pass: false } }), DEFAULT_VIDEO_THRESHOLDS).state).toMatchObject({ status: 'offline' });
  });
});
