import {
  daysOfMonth,
  daysSoFar,
  foldVideoObservation,
  localDayOf,
  mergeVideoDayRows,
  rollUpSiteVideo,
  vqdChecksOf,
  vqdMask,
  type ChannelObservation,
  type VideoDayRow,
} from './video-evidence';
import { videoLineEvidence } from './video-line-evidence';

const SH = 'Asia/Shanghai';
const obs = (at: string, over: Partial<ChannelObservation> = {}): ChannelObservation => ({
  deviceId: 'DVR-1',
  siteId: 's1',
  ch: 1,
  at: new Date(at),
  timeZone: SH,
  ...over,
});
const fold = (observations: ChannelObservation[]) => observations.reduce<VideoDayRow | undefined>((row, o) => foldVideoObservation(row, o), undefined)!;

describe(localDayOf.name, () => {
  it('should put an instant on the site-local day, not the UTC one', () => {
    // 16:30 UTC on 9 November is 00:30 on 10 November in Shanghai
    expect(localDayOf(new Date('2026-11-09T16:30:00Z'), SH)).toMatchObject({ day: '2026-11-10', secOfDay: 1800, daySec: 86_400 });
    expect(localDayOf(new Date('2026-11-09T16:30:00Z'), 'UTC')).toMatchObject({ day: '2026-11-09', secOfDay: 59_400 });
  });

  it('should give DST days their real length (Europe/Berlin: 23 h in March, 25 h in October)', () => {
    expect(localDayOf(new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin').daySec).toBe(82_800);
    expect(localDayOf(new Date('2026-10-25T12:00:00Z'), 'Europe/Berlin').daySec).toBe(90_000);
    // 23:59:59 CEST on the short day is 82,799 s after its midnight
    expect(localDayOf(new Date('2026-03-29T21:59:59Z'), 'Europe/Berlin')).toMatchObject({ day: '2026-03-29', secOfDay: 82_799 });
  });
});

describe(foldVideoObservation.name, () => {
  it('should keep the most recorded, the first and last report, the worst retention and every failed VQD check of a day', () => {
    const row = fold([
      obs('2026-11-10T00:00:00Z', { recordedSec: 28_800, oldestRecording: '2026-10-10', retentionRequiredDays: 30 }),
      obs('2026-11-10T04:00:00Z', { recordedSec: 43_200, oldestRecording: '2026-10-15', retentionRequiredDays: 30 }),
      obs('2026-11-10T02:00:00Z', { vqd: { failed: ['blur'] } }),
      obs('2026-11-10T03:00:00Z', { vqd: { failed: ['frozen', 'blur'] } }),
    ]);
    expect(row).toMatchObject({
      day: '2026-11-10',
      // each count covers the day since midnight: the channel's day began at midnight
      firstReportSec: 0,
      lastReportSec: 43_200,
      recordedSec: 43_200,
      retentionDays: 26,
      retentionRequiredDays: 30,
      vqdChecks: 2,
      vqdFailed: ['blur', 'frozen'],
    });
  });

  it('should start a new row on the next local day', () => {
    const first = fold([obs('2026-11-10T15:59:00Z', { recordedSec: 86_340 })]);
    const next = foldVideoObservation(first, obs('2026-11-10T16:01:00Z', { recordedSec: 60 }));
    expect(next).toMatchObject({ day: '2026-11-11', recordedSec: 60, firstReportSec: 0 });
  });

  it('should place the start of a channel’s day where its first report’s recording and listed gaps began', () => {
    // installed at noon (Shanghai): at 12:05 it has recorded 5 minutes, at 18:00 six hours
    const installed = fold([obs('2026-11-10T04:05:00Z', { recordedSec: 300 }), obs('2026-11-10T10:00:00Z', { recordedSec: 21_600 })]);
    expect(installed).toMatchObject({ firstReportSec: 43_200, lastReportSec: 64_800, recordedSec: 21_600 });
    // first heard at 18:00 with a listed two-hour gap: its day began at midnight, the gap counts
    const gaps = [{ from: new Date('2026-11-10T00:00:00Z'), to: new Date('2026-11-10T02:00:00Z') }];
    expect(fold([obs('2026-11-10T10:00:00Z', { recordedSec: 57_600, gaps })])).toMatchObject({ firstReportSec: 0, recordedSec: 57_600 });
    // a report of retention or VQD only says nothing of recording: its own time
    expect(fold([obs('2026-11-10T02:00:00Z', { oldestRecording: '2026-10-10' })])).toMatchObject({ firstReportSec: 36_000, recordedSec: null });
  });

  it("should leave out a count received after midnight that still counts yesterday's seconds, and cap a small skew", () => {
    // 00:00:01 local, the recorder still reports the whole of yesterday
    const late = fold([obs('2026-11-10T16:00:01Z', { recordedSec: 86_399 })]);
    expect(late).toMatchObject({ day: '2026-11-11', recordedSec: null });
    // its clock a few seconds ahead of the receipt
    expect(fold([obs('2026-11-10T17:00:00Z', { recordedSec: 3605 })]).recordedSec).toBe(3600);
  });

  it('should count what was recorded from the gaps when the recorder gives no count', () => {
    const row = fold([obs('2026-11-10T02:00:00Z', { gaps: [{ from: new Date('2026-11-09T23:00:00Z'), to: new Date('2026-11-10T00:30:00Z') }] })]);
    // 10:00 local: 36,000 s since midnight, 5,400 s of them a gap
    expect(row.recordedSec).toBe(30_600);
  });

  it('should merge in either order to the same row', () => {
    const a = fold([obs('2026-11-10T01:00:00Z', { recordedSec: 30_000, vqd: { failed: ['noise'] } })]);
    const b = fold([obs('2026-11-10T05:00:00Z', { recordedSec: 40_000, oldestRecording: '2026-10-01', retentionRequiredDays: 30 })]);
    expect(mergeVideoDayRows(a, b)).toEqual({ ...mergeVideoDayRows(b, a), retentionRequiredDays: 30 });
  });

  it('should store VQD failures as a bit set and read them back', () => {
    expect(vqdChecksOf(vqdMask(['frozen', 'blur']))).toEqual(['blur', 'frozen']);
  });
});

describe(rollUpSiteVideo.name, () => {
  const site = { siteId: 's1', timeZone: SH };
  const day = (d: string, over: Partial<VideoDayRow> = {}): VideoDayRow => ({
    deviceId: 'DVR-1',
    ch: 1,
    day: d,
    siteId: 's1',
    daySec: 86_400,
    firstReportSec: 0,
    lastReportSec: 86_399,
    recordedSec: 86_399,
    retentionDays: null,
    retentionRequiredDays: null,
    vqdChecks: 0,
    vqdFailed: [],
    ...over,
  });

  it('should put a day with a two-hour gap below 100 % and roll channels up to the device and site as sums', () => {
    const r = rollUpSiteVideo(
      site,
      ['2026-11-01', '2026-11-02'],
      [
        { deviceId: 'DVR-1', siteId: 's1', ch: 1, firstDay: '2026-10-01' },
        { deviceId: 'DVR-1', siteId: 's1', ch: 2, firstDay: '2026-10-01' },
      ],
      [day('2026-11-01', { recordedSec: 86_399 - 7200 }), day('2026-11-02'), day('2026-11-01', { ch: 2 }), day('2026-11-02', { ch: 2 })],
    );
    const ch1 = r.devices[0].channels[0];
    expect(ch1.days[0].completeness).toBe(Math.round((79_199 / 86_399) * 10_000) / 10_000);
    expect(ch1.days[1].completeness).toBe(1);
    expect(ch1.completeness).toBe(Math.round(((79_199 + 86_399) / (2 * 86_399)) * 10_000) / 10_000);
    expect(r.days[0].completeness).toBe(Math.round(((79_199 + 86_399) / (2 * 86_399)) * 10_000) / 10_000);
    expect(r.completeness).toBe(Math.round(((79_199 + 3 * 86_399) / (4 * 86_399)) * 10_000) / 10_000);
    expect(r.unknownChannelDays).toBe(0);
    expect(r.reportedChannelDays).toBe(4);
  });

  it('should treat a device silent for days as unknown, not zero, and say how many channel-days are not known', () => {
    const days = daysOfMonth('2026-11')!;
    const r = rollUpSiteVideo(site, days, [{ deviceId: 'DVR-1', siteId: 's1', ch: 1, firstDay: '2026-10-01' }], [day('2026-11-01', { recordedSec: 43_200 })]);
    expect(r.completeness).toBe(Math.round((43_200 / 86_399) * 10_000) / 10_000);
    expect(r.unknownChannelDays).toBe(29);
    expect(r.days[5].completeness).toBeNull();
    const silent = rollUpSiteVideo(site, days, [{ deviceId: 'DVR-1', siteId: 's1', ch: 1, firstDay: '2026-10-01' }], []);
    expect(silent).toMatchObject({ completeness: null, retentionCompliance: null, intactRate: null, unknownChannelDays: 30 });
  });

  it('should count a channel added mid-month from its first day, and on that day from where its recording began', () => {
    const r = rollUpSiteVideo(
      site,
      daysOfMonth('2026-11')!,
      [{ deviceId: 'DVR-1', siteId: 's1', ch: 3, firstDay: '2026-11-15' }],
      // first seen at 12:00 local, recording since; last report at 18:00
      [day('2026-11-15', { ch: 3, firstReportSec: 43_200, lastReportSec: 64_800, recordedSec: 21_600 })],
    );
    expect(r.completeness).toBe(1);
    // 16–30 November, the days it existed without a report
    expect(r.unknownChannelDays).toBe(15);
    expect(r.devices[0].channels[0].days.map((d) => d.day)[0]).toBe('2026-11-15');
  });

  it('should count a DST day by its real length', () => {
    const berlin = rollUpSiteVideo(
      { siteId: 's1', timeZone: 'Europe/Berlin' },
      ['2026-03-29'],
      [{ deviceId: 'DVR-1', siteId: 's1', ch: 1, firstDay: '2026-03-01' }],
      // the last report at 23:59:59 of a 23-hour day, recording all along; a late count past the day is capped
      [day('2026-03-29', { daySec: 82_800, lastReportSec: 82_799, recordedSec: 82_799 })],
    );
    expect(berlin.completeness).toBe(1);
    const row = fold([
      obs('2026-03-29T21:59:59Z', { timeZone: 'Europe/Berlin', recordedSec: 82_799 - 3600 }),
      obs('2026-03-28T23:00:00Z', { timeZone: 'Europe/Berlin', recordedSec: 0 }),
    ]);
    expect(row).toMatchObject({ daySec: 82_800, firstReportSec: 0, lastReportSec: 82_799 });
    const r = rollUpSiteVideo({ siteId: 's1', timeZone: 'Europe/Berlin' }, ['2026-03-29'], [{ deviceId: 'DVR-1', siteId: 's1', ch: 1, firstDay: '2026-03-01' }], [row]);
    expect(r.completeness).toBe(Math.round(((82_799 - 3600) / 82_799) * 10_000) / 10_000);
  });

  it('should give retention compliance as compliant channel-days over those with a retention report, and the intact rate over those with VQD results', () => {
    const r = rollUpSiteVideo(
      site,
      ['2026-11-01', '2026-11-02'],
      [
        { deviceId: 'DVR-1', siteId: 's1', ch: 1, firstDay: '2026-10-01' },
        { deviceId: 'DVR-1', siteId: 's1', ch: 2, firstDay: '2026-10-01' },
      ],
      [
        day('2026-11-01', { retentionDays: 31, retentionRequiredDays: 30, vqdChecks: 4 }),
        day('2026-11-02', { retentionDays: 30, retentionRequiredDays: 30, vqdChecks: 2, vqdFailed: ['blur'] }),
        day('2026-11-01', { ch: 2, retentionDays: 12, retentionRequiredDays: 30, recordedSec: null }),
      ],
    );
    expect(r.retentionCompliance).toBe(0.6667);
    expect(r.intactRate).toBe(0.5);
    // ch 2 said nothing of recording: its day is not a zero
    expect(r.devices[0].channels[1].completeness).toBeNull();
    expect(r.unknownChannelDays).toBe(1);
  });
});

describe(daysSoFar.name, () => {
  it('should end the current month at the site-local today and give none of a month ahead', () => {
    // 17:00 UTC on 3 December is already 4 December in Shanghai
    expect(daysSoFar('2026-12', SH, new Date('2026-12-03T17:00:00Z'))).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    expect(daysSoFar('2027-01', SH, new Date('2026-12-03T17:00:00Z'))).toEqual([]);
    expect(daysSoFar('2026-13', SH, new Date())).toBeNull();
  });
});

describe(videoLineEvidence.name, () => {
  const row = (over: Partial<VideoDayRow>): VideoDayRow => ({
    deviceId: 'DVR-1',
    ch: 1,
    day: '2026-11-30',
    siteId: 's1',
    daySec: 86_400,
    firstReportSec: 0,
    lastReportSec: 3600,
    recordedSec: 3600,
    retentionDays: null,
    retentionRequiredDays: null,
    vqdChecks: 0,
    vqdFailed: [],
    ...over,
  });

  it('should pre-fill the retention line with the fewest days any channel keeps, judged against the required days', () => {
    const e = videoLineEvidence('retention-days', 'DVR-1', [
      row({ ch: 1, retentionDays: 40, retentionRequiredDays: 30 }),
      row({ ch: 2, retentionDays: 23, retentionRequiredDays: 30 }),
      row({ ch: 3 }),
    ]);
    expect(e).toMatchObject({ kind: 'retention', day: '2026-11-30', ok: false, value: 23, requiredDays: 30 });
    expect(e?.detail).toContain('ch 2');
  });

  it('should show the VQD result of the latest day on an image line, and nothing where nothing is stored', () => {
    expect(videoLineEvidence('cameras', 'CAM-1', [row({ deviceId: 'CAM-1', ch: 0, vqdChecks: 3 })])).toMatchObject({ kind: 'image', ok: true, failedChecks: [] });
    expect(videoLineEvidence('cameras', 'CAM-1', [row({ deviceId: 'CAM-1', ch: 0, vqdChecks: 3, vqdFailed: ['blur'] })])).toMatchObject({ ok: false, failedChecks: ['blur'] });
    expect(videoLineEvidence('cameras', 'CAM-1', [row({ deviceId: 'CAM-1', ch: 0 })])).toBeNull();
    expect(videoLineEvidence('retention-days', 'DVR-1', [])).toBeNull();
    expect(videoLineEvidence('dvr-disks', 'DVR-1', [row({ retentionDays: 40 })])).toBeNull();
  });
});
