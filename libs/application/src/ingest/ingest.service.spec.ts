// observability and application import each other: load them in the order the apps do
import '@vigil/observability';
import type { VigilConfig } from '@vigil/config';
import { DEFAULT_VIDEO_THRESHOLDS, type DeviceEvent, type DeviceType } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { DeviceEventBus } from '../events/device-event-bus';
import type {
  DeviceStateRepository,
  DeviceStateSnapshot,
  DeviceStateWrite,
  DiscoveredDevice,
  DiscoveredDeviceRepository,
  LastSeenWrite,
  OnlineSample,
  SiteVideoProfiles,
} from '../ports';
import { fakeTime } from '../testing/fake-time';
import { InMemoryVideoEvidence } from '../testing/in-memory-video-evidence';
import { VideoEvidenceRecorder } from '../video/video-evidence-recorder';
import type { DeviceStatusChange, DeviceStatusFeed } from './device-status-feed';
import type { IngestDiagnostics } from './ingest-diagnostics';
import { IngestService } from './ingest.service';

const T0 = '2026-12-02T08:00:00.000Z';
const FLUSH_MS = 1000;
const LAST_SEEN_SEC = 30;
const MISSED = 3;
const INTERVAL_SEC = 10;
const WINDOW_MS = MISSED * INTERVAL_SEC * 1000;

const makeSnapshot = (id: string, over: Partial<DeviceStateSnapshot> = {}): DeviceStateSnapshot => ({
  id,
  type: 'camera' as DeviceType,
  siteId: 'S1',
  parentId: null,
  heartbeatIntervalSec: INTERVAL_SEC,
  firmware: null,
  status: 'unknown',
  lastSeenAt: null,
  conditions: [],
  lastSeq: null,
  lastDeviceTs: null,
  statusChangedAt: null,
  ...over,
});

const bytes = (text: string) => new TextEncoder().encode(text);

/** Ingest over an in-memory register and recorded writes, on a fake clock. */
function setUp(register: DeviceStateSnapshot[], options: { partitioned?: boolean } = {}) {
  const { clock, scheduler } = fakeTime(T0);
  const stored = new Map(register.map((s) => [s.id, s]));
  const batches: { states: DeviceStateWrite[]; events: DeviceEvent[]; online: OnlineSample[] }[] = [];
  const lookups: string[][] = [];
  const discovered: DiscoveredDevice[][] = [];
  const removedDiscoveries: string[] = [];
  const drops: { topic: string; reason: string }[] = [];
  const accepted: string[] = [];
  const published: DeviceStatusChange[][] = [];
  let announced = 0;
  let failSaves = 0;
  let failBulk = 0;
  const lastSeen: LastSeenWrite[][] = [];
  const onlineWrites: OnlineSample[][] = [];
  let holdBulk: Promise<void> | null = null;
  const bulk = async <T>(into: T[][], rows: T[]) => {
    if (holdBulk) await holdBulk;
    if (failBulk > 0) {
      failBulk--;
      throw new Error('database gone');
    }
    into.push(rows.map((r) => ({ ...r })));
  };
  const states = strictFake<DeviceStateRepository>('states', {
    loadAll: async () => [...stored.values()],
    load: async (ids: string[]) => {
      lookups.push(ids);
      return ids.flatMap((id) => stored.get(id) ?? []);
    },
    saveBatch: async (s: DeviceStateWrite[], events: DeviceEvent[], online: OnlineSample[]) => {
      if (failSaves > 0) {
        failSaves--;
        throw new Error('database gone');
      }
      batches.push({ states: s, events, online });
    },
    saveLastSeen: (rows: LastSeenWrite[]) => bulk(lastSeen, rows),
    addOnlineTime: (samples: OnlineSample[]) => bulk(onlineWrites, samples),
  });
  const discoveries = strictFake<DiscoveredDeviceRepository>('discoveries', {
    record: async (seen: DiscoveredDevice[]) => void discovered.push(seen.map((d) => ({ ...d }))),
    removeMany: async (ids: string[]) => void removedDiscoveries.push(...ids),
  });
  const diagnostics = strictFake<IngestDiagnostics>('diagnostics', {
    drop: (topic: string, reason: string) => void drops.push({ topic, reason }),
    accepted: (result: string) => void accepted.push(result),
  });
  const bus = strictFake<DeviceEventBus>('bus', { announce: () => void announced++ });
  const feed = strictFake<DeviceStatusFeed>('feed', { publish: (changes: DeviceStatusChange[]) => void published.push(changes) });
  const config = {
    missedHeartbeats: MISSED,
    ingest: { tempHighC: 70, flushIntervalMs: FLUSH_MS, lastSeenSnapshotSec: LAST_SEEN_SEC },
    ingestSource: options.partitioned ? { kind: 'amqp', url: 'amqp://x', partitions: 4, preferred: null, standbyDelayMs: 0 } : { kind: 'mqtt' },
  } as VigilConfig;
  // S1 is a bank in Shanghai whose contract allows 15-minute gaps; any other site has the defaults in UTC
  const profiles = strictFake<SiteVideoProfiles>('video profiles', {
    profileOf: (siteId: string) =>
      siteId === 'S1'
        ? { siteId, timeZone: 'Asia/Shanghai', siteClass: 'bank' as const, thresholds: { ...DEFAULT_VIDEO_THRESHOLDS, maxGapMinutes: 15 } }
        : { siteId, timeZone: 'UTC', siteClass: 'general' as const, thresholds: DEFAULT_VIDEO_THRESHOLDS },
  });
  const evidence = new InMemoryVideoEvidence();
  const video = new VideoEvidenceRecorder(profiles, evidence, scheduler);
  const ingest = new IngestService(states, discoveries, diagnostics, bus, clock, config, feed, scheduler, profiles, video);
  let seq = 0;
  const heartbeat = (id: string, at = clock.now(), health: Record<string, unknown> = {}) =>
    ingest.handle(`vigil/v1/devices/${id}/heartbeat`, bytes(JSON.stringify({ ts: at.toISOString(), seq: ++seq, health })), at);
  const vqd = (id: string, body: unknown) => ingest.handle(`vigil/v1/devices/${id}/vqd`, bytes(JSON.stringify(body)), clock.now());
  const status = (id: string, value: string, retained = false) => ingest.handle(`vigil/v1/devices/${id}/status`, bytes(value), clock.now(), retained);
  const statusEvents = () => batches.flatMap((b) => b.events).flatMap((e) => (e.change.kind === 'status-changed' ? [{ deviceId: e.deviceId, ...e.change }] : []));
  return {
    clock,
    ingest,
    video,
    evidence,
    stored,
    batches,
    lastSeen,
    onlineWrites,
    lookups,
    discovered,
    removedDiscoveries,
    drops,
    accepted,
    published,
    heartbeat,
    vqd,
    status,
    statusEvents,
    get announced() {
      return announced;
    },
    failNextSaves: (n: number) => void (failSaves = n),
    failNextBulk: (n: number) => void (failBulk = n),
    /** Bulk writes hang until the answered function is called. */
    holdBulk: () => {
      let release = () => {};
      holdBulk = new Promise<void>((r) => (release = r));
      return () => {
        holdBulk = null;
        release();
      };
    },
  };
}

describe(IngestService.name, () => {
  it('should mark a never-heard device online on its first heartbeat and write it with the next flush', async () => {
    const t = setUp([makeSnapshot('cam-1')]);
    await t.ingest.start();
    t.heartbeat('cam-1');
    expect(t.ingest.stateOf('cam-1')?.status).toBe('online');
    expect(t.batches).toHaveLength(0);
    await t.clock.advance(FLUSH_MS);
    expect(t.batches).toHaveLength(1);
    expect(t.batches[0].states).toEqual([expect.objectContaining({ id: 'cam-1', status: 'online', lastSeenAt: new Date(T0), statusChangedAt: new Date(T0) })]);
    expect(t.statusEvents()).toEqual([expect.objectContaining({ deviceId: 'cam-1', from: 'unknown', to: 'online' })]);
    expect(t.announced).toBe(1);
    expect(t.published).toEqual([[{ deviceId: 'cam-1', siteId: 'S1', status: 'online', at: T0 }]]);
    expect(t.accepted).toEqual(['accepted']);
  });

  it('should hand the video recorder nothing for heartbeats without recording, retention or stream fields (the hot path stays as it was)', async () => {
    const t = setUp([makeSnapshot('dvr-1', { type: 'dvr' })]);
    await t.ingest.start();
    t.heartbeat('dvr-1', t.clock.now(), { channels: [{ ch: 1, recording: true, videoLoss: false }] });
    expect(t.ingest.stateOf('dvr-1')?.status).toBe('online');
    expect(t.video.pending).toBe(0);
    expect(t.clock.pending).not.toContain('video-evidence-flush');
  });

  it('should write one batch per flush interval however many messages came, and none when nothing changed', async () => {
    const t = setUp([makeSnapshot('cam-1'), makeSnapshot('cam-2')]);
    await t.ingest.start();
    t.heartbeat('cam-1');
    t.heartbeat('cam-2');
    await t.clock.advance(FLUSH_MS / 2);
    t.heartbeat('cam-1', t.clock.now(), { tempC: 90 });
    await t.clock.advance(FLUSH_MS / 2);
    expect(t.batches).toHaveLength(1);
    expect(t.batches[0].states.map((s) => s.id).sort()).toEqual(['cam-1', 'cam-2']);
    await t.clock.advance(5 * FLUSH_MS);
    expect(t.batches).toHaveLength(1);
  });

  it('should mark a device silent past its missed-heartbeats window offline within the liveness tick', async () => {
    const t = setUp([makeSnapshot('cam-1')]);
    await t.ingest.start();
    t.heartbeat('cam-1');
    await t.clock.advance(WINDOW_MS - 1);
    expect(t.ingest.stateOf('cam-1')?.status).toBe('online');
    await t.clock.advance(101);
    expect(t.ingest.stateOf('cam-1')?.status).toBe('offline');
    await t.clock.advance(FLUSH_MS);
    expect(t.statusEvents()).toEqual([
      expect.objectContaining({ deviceId: 'cam-1', to: 'online' }),
      expect.objectContaining({ deviceId: 'cam-1', from: 'online', to: 'offline', reason: 'missed-heartbeat' }),
    ]);
  });

  it('should keep a device online while heartbeats come within the window', async () => {
    const t = setUp([makeSnapshot('cam-1')]);
    await t.ingest.start();
    for (let i = 0; i < 10; i++) {
      t.heartbeat('cam-1');
      await t.clock.advance(INTERVAL_SEC * 1000);
    }
    expect(t.ingest.stateOf('cam-1')?.status).toBe('online');
  });

  it('should give a device known online at start one full window from the start', async () => {
    const t = setUp([makeSnapshot('cam-1', { status: 'online', lastSeenAt: new Date('2026-12-01T00:00:00Z') })]);
    await t.ingest.start();
    await t.clock.advance(WINDOW_MS - 1);
    expect(t.ingest.stateOf('cam-1')?.status).toBe('online');
    await t.clock.advance(101);
    expect(t.ingest.stateOf('cam-1')?.status).toBe('offline');
  });

  it('should hold liveness while the broker link is down and give a full window once it is back', async () => {
    const t = setUp([makeSnapshot('cam-1')]);
    await t.ingest.start();
    t.heartbeat('cam-1');
    t.ingest.linkLost();
    expect(t.ingest.linkHealthy).toBe(false);
    await t.clock.advance(2 * WINDOW_MS);
    expect(t.ingest.stateOf('cam-1')?.status).toBe('online');
    t.ingest.linkRestored();
    expect(t.ingest.linkHealthy).toBe(true);
    await t.clock.advance(WINDOW_MS - 1);
    expect(t.ingest.stateOf('cam-1')?.status).toBe('online');
    await t.clock.advance(101);
    expect(t.ingest.stateOf('cam-1')?.status).toBe('offline');
  });

  it('should take a device offline on its own offline status, but not on a retained one replayed within its window', async () => {
    const t = setUp([makeSnapshot('cam-1'), makeSnapshot('cam-2')]);
    await t.ingest.start();
    t.heartbeat('cam-1');
    t.heartbeat('cam-2');
    t.status('cam-1', 'offline', true);
    expect(t.ingest.stateOf('cam-1')?.status).toBe('online');
    expect(t.accepted).toContain('stale');
    t.status('cam-2', 'offline');
    t.status('cam-2', 'online');
    expect(t.ingest.stateOf('cam-2')?.status).toBe('offline');
    await t.clock.advance(FLUSH_MS);
    expect(t.statusEvents()).toContainEqual(expect.objectContaining({ deviceId: 'cam-2', to: 'offline', reason: 'status-offline' }));
    t.status('cam-1', 'maybe');
    expect(t.drops).toEqual([expect.objectContaining({ reason: 'bad-status' })]);
  });

  it('should write last-seen alone only with the last-seen snapshot, on the bulk lane, not on every heartbeat', async () => {
    const t = setUp([makeSnapshot('cam-1')]);
    await t.ingest.start();
    t.heartbeat('cam-1');
    await t.clock.advance(FLUSH_MS);
    expect(t.batches).toHaveLength(1);
    for (let i = 0; i < 5; i++) {
      await t.clock.advance(INTERVAL_SEC * 1000 - FLUSH_MS);
      t.heartbeat('cam-1');
      await t.clock.advance(FLUSH_MS);
      await t.ingest.drainBulk();
      if (t.lastSeen.length > 0) break;
    }
    expect(t.batches).toHaveLength(1);
    expect(t.clock.now().getTime() - new Date(T0).getTime()).toBeGreaterThanOrEqual(LAST_SEEN_SEC * 1000);
    // read when the snapshot is taken (at 30 s, just before that moment's heartbeat)
    const at = new Date(new Date(T0).getTime() + 2 * INTERVAL_SEC * 1000);
    expect(t.lastSeen).toEqual([[{ id: 'cam-1', lastSeenAt: at, lastSeq: 3, lastDeviceTs: at }]]);
  });

  it('should write a status change while a bulk write hangs, and the bulk rows once it is back', async () => {
    const t = setUp([makeSnapshot('cam-1'), makeSnapshot('cam-2')]);
    await t.ingest.start();
    t.heartbeat('cam-1');
    t.heartbeat('cam-2');
    const release = t.holdBulk();
    for (let i = 0; i < LAST_SEEN_SEC / INTERVAL_SEC; i++) {
      await t.clock.advance(INTERVAL_SEC * 1000);
      t.heartbeat('cam-1');
      t.heartbeat('cam-2');
    }
    t.status('cam-2', 'offline');
    await t.clock.advance(FLUSH_MS);
    expect(t.statusEvents().map((e) => `${e.deviceId} ${e.to}`)).toEqual(['cam-1 online', 'cam-2 online', 'cam-2 offline']);
    expect(t.lastSeen).toEqual([]);
    release();
    await t.ingest.drainBulk();
    expect(t.lastSeen.flat().map((r) => r.id)).toEqual(['cam-1', 'cam-2']);
  });

  it('should write a surge of changes in bounded transactions, each device with its own events', async () => {
    const ids = Array.from({ length: 12_000 }, (_, i) => `cam-${i}`);
    const t = setUp(ids.map((id) => makeSnapshot(id)));
    await t.ingest.start();
    for (const id of ids) t.heartbeat(id);
    await t.clock.advance(FLUSH_MS);
    expect(t.batches.map((b) => b.states.length)).toEqual([5000, 5000, 2000]);
    for (const b of t.batches) expect(new Set(b.events.map((e) => e.deviceId))).toEqual(new Set(b.states.map((s) => s.id)));
    expect(t.statusEvents()).toHaveLength(12_000);
  });

  it('should hand a failed bulk chunk back and write it with the next round', async () => {
    const t = setUp([makeSnapshot('cam-1')]);
    await t.ingest.start();
    t.heartbeat('cam-1');
    await t.clock.advance(FLUSH_MS);
    t.heartbeat('cam-1');
    t.failNextBulk(1);
    t.ingest.snapshotLastSeen();
    await t.ingest.drainBulk();
    expect(t.lastSeen).toEqual([]);
    t.ingest.snapshotLastSeen();
    await t.ingest.drainBulk();
    expect(t.lastSeen.flat().map((r) => r.id)).toEqual(['cam-1']);
  });

  it('should look an unknown id up once, drop its messages as unknown and note it as discovered', async () => {
    const t = setUp([]);
    await t.ingest.start();
    t.heartbeat('ghost');
    t.heartbeat('ghost');
    await t.clock.advance(FLUSH_MS);
    t.heartbeat('ghost');
    await t.clock.advance(FLUSH_MS);
    expect(t.lookups).toEqual([['ghost']]);
    expect(t.drops.map((d) => d.reason)).toEqual(['unknown-device', 'unknown-device', 'unknown-device']);
    expect(t.discovered).toEqual([
      [expect.objectContaining({ id: 'ghost', messages: 2, lastTopic: 'vigil/v1/devices/ghost/heartbeat' })],
      [expect.objectContaining({ id: 'ghost', messages: 1 })],
    ]);
    expect(t.ingest.trackedCount).toBe(0);
  });

  it('should look a stranger up again after a while, and replay in order the messages of a device registered meanwhile', async () => {
    const t = setUp([]);
    await t.ingest.start();
    t.heartbeat('cam-9');
    await t.clock.advance(31_000);
    t.stored.set('cam-9', makeSnapshot('cam-9'));
    t.heartbeat('cam-9');
    t.status('cam-9', 'offline');
    await t.clock.advance(FLUSH_MS);
    expect(t.lookups).toEqual([['cam-9'], ['cam-9']]);
    expect(t.ingest.stateOf('cam-9')?.status).toBe('offline');
    expect(t.statusEvents().map((e) => e.to)).toEqual(['online', 'offline']);
  });

  it('should track a device the register created and forget one it deleted', async () => {
    const t = setUp([makeSnapshot('cam-1')]);
    await t.ingest.start();
    t.heartbeat('cam-2');
    await t.clock.advance(FLUSH_MS);
    t.stored.set('cam-2', makeSnapshot('cam-2'));
    t.stored.delete('cam-1');
    await t.ingest.refresh(['cam-1', 'cam-2']);
    expect(t.ingest.stateOf('cam-1')).toBeUndefined();
    expect(t.ingest.stateOf('cam-2')?.status).toBe('unknown');
    expect(t.removedDiscoveries).toEqual(['cam-2']);
    t.heartbeat('cam-2');
    expect(t.ingest.stateOf('cam-2')?.status).toBe('online');
  });

  it('should drop a message on a topic that is not a device topic, and an invalid heartbeat', async () => {
    const t = setUp([makeSnapshot('cam-1')]);
    await t.ingest.start();
    t.ingest.handle('elsewhere/x', bytes('{}'));
    t.ingest.handle('vigil/v1/devices/cam-1/heartbeat', bytes('not json'));
    expect(t.drops.map((d) => d.reason)).toEqual(['bad-topic', 'not-json']);
    expect(t.ingest.stateOf('cam-1')?.status).toBe('unknown');
  });

  it("should judge a recorder's recording by its site's zone and its contract's threshold ([14])", async () => {
    const t = setUp([makeSnapshot('dvr-1', { type: 'dvr' }), makeSnapshot('dvr-2', { type: 'dvr', siteId: 'S2' })]);
    await t.ingest.start();
    // T0 is 16:00 in Shanghai (S1) and 08:00 in UTC (S2); 20 minutes missing is over S1's 15, under the default 30
    const health = { channels: [{ ch: 2, recordedSec: 8 * 3600 - 1200 }] };
    t.heartbeat('dvr-2', t.clock.now(), health);
    t.heartbeat('dvr-1', t.clock.now(), { channels: [{ ch: 2, recordedSec: 16 * 3600 - 1200, oldestRecording: '2026-11-12' }] });
    expect(t.ingest.stateOf('dvr-1')?.conditions).toEqual([
      { kind: 'recording-gap', subject: '2' },
      { kind: 'retention-short', subject: '2' },
    ]);
    expect(t.ingest.stateOf('dvr-2')?.conditions).toEqual([]);
  });

  it('should apply a VQD report to the device without counting it as heard, and drop a bad one', async () => {
    const t = setUp([makeSnapshot('cam-1'), makeSnapshot('dvr-1', { type: 'dvr' })]);
    await t.ingest.start();
    t.heartbeat('cam-1');
    t.vqd('cam-1', { ts: T0, checks: { occlusion: false, blur: { score: 80 } } });
    t.vqd('dvr-1', { ts: T0, ch: 3, checks: { frozen: { score: 10 } } });
    t.vqd('cam-1', { ts: T0, checks: { smudge: true } });
    t.vqd('dvr-1', { ts: T0, checks: { frozen: true } });
    expect(t.ingest.stateOf('cam-1')).toMatchObject({ status: 'degraded', conditions: [{ kind: 'vqd-occlusion' }] });
    expect(t.ingest.stateOf('dvr-1')).toMatchObject({ status: 'unknown', lastSeenAt: null, conditions: [{ kind: 'vqd-frozen', subject: '3' }] });
    expect(t.accepted).toEqual(['accepted', 'vqd', 'vqd']);
    expect(t.drops.map((d) => d.reason)).toEqual(['invalid-field', 'invalid-field']);
    await t.clock.advance(FLUSH_MS);
    expect(t.batches.flatMap((b) => b.events).map((e) => [e.deviceId, e.change.kind])).toEqual([
      ['cam-1', 'status-changed'],
      ['cam-1', 'condition-raised'],
      ['cam-1', 'status-changed'],
      ['dvr-1', 'condition-raised'],
    ]);
  });

  it("should hand a recorder's recording fields and a VQD report's verdicts to the evidence store, on the site's local day ([14])", async () => {
    const t = setUp([makeSnapshot('dvr-1', { type: 'dvr' }), makeSnapshot('cam-1')]);
    await t.ingest.start();
    // T0 is 16:00 in Shanghai (S1): 20 minutes of the day missing on channel 2
    t.heartbeat('dvr-1', t.clock.now(), { channels: [{ ch: 2, recordedSec: 16 * 3600 - 1200, oldestRecording: '2026-11-12' }] });
    t.heartbeat('cam-1');
    t.vqd('cam-1', { ts: T0, checks: { occlusion: false, blur: { score: 80 }, noise: { score: 20 } } });
    await t.video.flush();
    const rows = [...t.evidence.rows.values()].map((r) => ({
      deviceId: r.deviceId,
      ch: r.ch,
      day: r.day,
      recordedSec: r.recordedSec,
      retentionDays: r.retentionDays,
      vqdChecks: r.vqdChecks,
      vqdFailed: r.vqdFailed,
    }));
    expect(rows).toEqual([
      { deviceId: 'dvr-1', ch: 2, day: '2026-12-02', recordedSec: 16 * 3600 - 1200, retentionDays: 20, vqdChecks: 0, vqdFailed: [] },
      // a camera's own picture is channel 0; a score under the floor (60) failed like a false
      { deviceId: 'cam-1', ch: 0, day: '2026-12-02', recordedSec: null, retentionDays: null, vqdChecks: 1, vqdFailed: ['noise', 'occlusion'] },
    ]);
  });

  it('should account online and observed time per device and hour, and write it on the bulk lane', async () => {
    const t = setUp([makeSnapshot('cam-1'), makeSnapshot('cam-2'), makeSnapshot('cam-3')]);
    await t.ingest.start();
    t.heartbeat('cam-2');
    t.status('cam-2', 'offline');
    for (let i = 0; i < 6; i++) {
      t.heartbeat('cam-1');
      await t.clock.advance(INTERVAL_SEC * 1000);
    }
    await t.clock.advance(FLUSH_MS);
    await t.ingest.drainBulk();
    const online = t.onlineWrites.flat();
    // cam-3 was never heard: its time is neither online nor observed
    expect(online).toEqual([
      { deviceId: 'cam-1', hour: '2026-12-02T08', onlineSec: 60, observedSec: 60 },
      { deviceId: 'cam-2', hour: '2026-12-02T08', onlineSec: 0, observedSec: 60 },
    ]);
  });

  it('should put a failed batch back and write it with the next flush', async () => {
    const t = setUp([makeSnapshot('cam-1')]);
    await t.ingest.start();
    t.heartbeat('cam-1');
    t.failNextSaves(1);
    await t.clock.advance(FLUSH_MS);
    expect(t.batches).toHaveLength(0);
    t.status('cam-1', 'offline');
    await t.clock.advance(FLUSH_MS);
    expect(t.batches).toHaveLength(1);
    expect(t.statusEvents().map((e) => e.to)).toEqual(['online', 'offline']);
  });

  it('should stop its clocks and write what is left on stop', async () => {
    const t = setUp([makeSnapshot('cam-1')]);
    await t.ingest.start();
    expect(t.clock.pending.sort()).toEqual(['ingest-flush', 'ingest-last-seen', 'ingest-liveness', 'ingest-online-time']);
    t.heartbeat('cam-1');
    await t.clock.advance(10_000);
    t.heartbeat('cam-1');
    await t.ingest.stop();
    expect(t.clock.pending).toEqual([]);
    expect(t.lastSeen.at(-1)).toEqual([expect.objectContaining({ id: 'cam-1', lastSeenAt: new Date(new Date(T0).getTime() + 10_000) })]);
    expect(t.onlineWrites.at(-1)).toEqual([expect.objectContaining({ deviceId: 'cam-1', onlineSec: 10 })]);
  });
});

describe(`${IngestService.name}, partitioned (INGEST_SOURCE=amqp)`, () => {
  const CLAIM_GATHER_MS = 20;
  const online = (id: string, lastSeenAt: string) => makeSnapshot(id, { status: 'online', lastSeenAt: new Date(lastSeenAt), statusChangedAt: new Date(lastSeenAt) });

  it('should track nothing at start and claim a device when its first message comes, replaying its messages in order', async () => {
    const t = setUp([makeSnapshot('cam-1'), makeSnapshot('cam-2')], { partitioned: true });
    await t.ingest.start();
    expect(t.ingest.trackedCount).toBe(0);
    t.heartbeat('cam-1');
    t.heartbeat('cam-1');
    expect(t.ingest.tracks('cam-1')).toBe(false);
    await t.clock.advance(CLAIM_GATHER_MS);
    expect(t.lookups).toEqual([['cam-1']]);
    expect(t.ingest.tracks('cam-1')).toBe(true);
    expect(t.ingest.tracks('cam-2')).toBe(false);
    expect(t.ingest.stateOf('cam-1')?.lastSeq).toBe(2);
    expect(t.accepted).toEqual(['accepted', 'accepted']);
  });

  it('should give a claimed online device a full window from the claim, not from when it was last seen', async () => {
    // last seen by its former holder almost a window ago
    const t = setUp([online('cam-1', '2026-12-02T07:59:35.000Z')], { partitioned: true });
    await t.ingest.start();
    t.ingest.claim(['cam-1', 'cam-1']);
    await t.clock.advance(CLAIM_GATHER_MS);
    expect(t.lookups).toEqual([['cam-1']]);
    await t.clock.advance(WINDOW_MS - 200 - CLAIM_GATHER_MS);
    expect(t.ingest.stateOf('cam-1')?.status).toBe('online');
    await t.clock.advance(400);
    expect(t.ingest.stateOf('cam-1')?.status).toBe('offline');
  });

  it('should claim in batches and send a device the register lacks the unknown way', async () => {
    const t = setUp([makeSnapshot('cam-1')], { partitioned: true });
    await t.ingest.start();
    t.ingest.claim(['cam-1', 'ghost']);
    t.heartbeat('ghost');
    await t.clock.advance(CLAIM_GATHER_MS);
    expect(t.lookups[0]).toEqual(['cam-1', 'ghost']);
    expect(t.ingest.tracks('cam-1')).toBe(true);
    expect(t.ingest.tracks('ghost')).toBe(false);
    expect(t.drops).toEqual([{ topic: 'vigil/v1/devices/ghost/heartbeat', reason: 'unknown-device' }]);
  });

  it('should write what changed and then let go of every device when its partitions are lost, sending nobody offline', async () => {
    const t = setUp([makeSnapshot('cam-1'), online('cam-2', T0)], { partitioned: true });
    await t.ingest.start();
    t.heartbeat('cam-1');
    t.ingest.claim(['cam-2']);
    await t.clock.advance(CLAIM_GATHER_MS);
    expect(t.ingest.trackedCount).toBe(2);
    expect(await t.ingest.releaseAll()).toBe(2);
    expect(t.batches.flatMap((b) => b.states).map((s) => s.id)).toContain('cam-1');
    expect(t.ingest.trackedCount).toBe(0);
    await t.clock.advance(WINDOW_MS * 2);
    expect(t.statusEvents().filter((e) => e.to === 'offline')).toEqual([]);
  });

  it('should not claim a device whose register read began before its partitions were lost', async () => {
    const t = setUp([online('cam-1', T0)], { partitioned: true });
    await t.ingest.start();
    t.ingest.claim(['cam-1']);
    await t.ingest.releaseAll();
    await t.clock.advance(CLAIM_GATHER_MS);
    expect(t.ingest.tracks('cam-1')).toBe(false);
  });

  it('should leave a register change of a device it does not hold to that device’s holder', async () => {
    const t = setUp([online('cam-1', T0)], { partitioned: true });
    await t.ingest.start();
    await t.ingest.refresh(['cam-1']);
    expect(t.ingest.tracks('cam-1')).toBe(false);
  });
});
