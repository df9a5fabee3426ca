import type { RecorderChannel } from '@vigil/domain';
import { fakeTime } from '../testing/fake-time';
import { FixedSiteVideoProfiles, InMemoryVideoEvidence } from '../testing/in-memory-video-evidence';
import { VideoEvidenceRecorder } from './video-evidence-recorder';

function setUp() {
  const { clock, scheduler } = fakeTime('2026-11-10T02:00:00Z');
  const store = new InMemoryVideoEvidence();
  const profiles = new FixedSiteVideoProfiles({ s1: { timeZone: 'Asia/Shanghai', siteClass: 'hotel' } });
  const recorder = new VideoEvidenceRecorder(profiles, store, scheduler);
  const heartbeat = (recordedSec: number, oldestRecording?: string) =>
    recorder.observe({
      deviceId: 'DVR-1',
      siteId: 's1',
      at: clock.now(),
      channels: [
        { ch: 1, recording: true, recordedSec, oldestRecording },
        { ch: 2, recording: true },
      ],
    });
  return { clock, store, recorder, heartbeat };
}

describe(VideoEvidenceRecorder.name, () => {
  it('should fold heartbeats in memory and write them in one batch every few seconds, on the site-local day', async () => {
    const { clock, store, recorder, heartbeat } = setUp();
    heartbeat(36_000, '2026-08-01');
    await clock.advance(1000);
    heartbeat(36_001, '2026-08-02');
    expect(store.writes).toBe(0);
    await clock.advance(5000);
    expect(store.writes).toBe(1);
    expect(recorder.pending).toBe(0);
    // ch 2 said nothing of recording, retention or gaps: no row
    expect([...store.rows.values()]).toEqual([
      expect.objectContaining({
        deviceId: 'DVR-1',
        ch: 1,
        day: '2026-11-10',
        firstReportSec: 0,
        lastReportSec: 36_001,
        recordedSec: 36_001,
        retentionDays: 100,
        retentionRequiredDays: 90,
      }),
    ]);
  });

  it('should keep the rows of a failed write for the next round, merged with what came meanwhile', async () => {
    const { clock, store, recorder, heartbeat } = setUp();
    heartbeat(36_000);
    recorder.observe({ deviceId: 'DVR-1', siteId: 's1', at: clock.now(), vqd: { ch: 1, failed: ['blur'], passed: [] } });
    store.failNext = 1;
    await clock.advance(5000);
    expect(store.rows.size).toBe(0);
    expect(recorder.pending).toBe(1);
    heartbeat(30_000);
    recorder.observe({ deviceId: 'DVR-1', siteId: 's1', at: clock.now(), vqd: { ch: 1, failed: [], passed: ['blur'] } });
    await clock.advance(5000);
    expect([...store.rows.values()]).toEqual([expect.objectContaining({ recordedSec: 36_000, firstReportSec: 0, lastReportSec: 36_005, vqdChecks: 2, vqdFailed: ['blur'] })]);
  });

  it('should never lower what another writer stored, and write what is left on shutdown', async () => {
    const { clock, store, recorder, heartbeat } = setUp();
    heartbeat(35_000);
    await clock.advance(5000);
    // a second ingest process with an older count of the same channel and day
    const other = new VideoEvidenceRecorder(new FixedSiteVideoProfiles({ s1: { timeZone: 'Asia/Shanghai' } }), store, fakeTime().scheduler);
    other.observe({ deviceId: 'DVR-1', siteId: 's1', at: new Date('2026-11-10T01:00:00Z'), channels: [{ ch: 1, recordedSec: 20_000 }] });
    await other.onApplicationShutdown();
    expect([...store.rows.values()][0]).toMatchObject({ recordedSec: 35_000, firstReportSec: 1000, lastReportSec: 36_000 });
    heartbeat(35_900);
    await recorder.onApplicationShutdown();
    expect([...store.rows.values()][0]).toMatchObject({ recordedSec: 35_900 });
    expect(clock.pending).toEqual([]);
  });

  it('should keep yesterday and today apart across the site-local midnight', async () => {
    const { clock, store, heartbeat } = setUp();
    // 15:59:30 UTC is 23:59:30 in Shanghai
    await clock.advance(13 * 3600_000 + 59 * 60_000 + 30_000);
    heartbeat(86_370);
    await clock.advance(60_000);
    heartbeat(30);
    await clock.advance(5000);
    expect([...store.rows.values()].map((r) => [r.day, r.recordedSec])).toEqual([
      ['2026-11-10', 86_370],
      ['2026-11-11', 30],
    ]);
  });

  it('should never throw on the ingest path: evidence that cannot be folded is left out', async () => {
    const { clock, store, recorder } = setUp();
    const broken = { ch: 1, gaps: [{ from: null, to: null }] } as unknown as RecorderChannel;
    expect(() => recorder.observe({ deviceId: 'DVR-1', siteId: 's1', at: clock.now(), channels: [broken] })).not.toThrow();
    await clock.advance(5000);
    expect(store.rows.size).toBe(0);
  });
});
