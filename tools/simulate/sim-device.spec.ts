import { applyInjections, isCutOff, conditionsOf, evolve, healthOf, localDay, makeSimDevice, nextMessage, vqdMessage } from './sim-device';

const fixed = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length];
};

describe(nextMessage.name, () => {
  it('should send heartbeats with a rising seq and the healthy state of its type', () => {
    const d = makeSimDevice('SW-1', 'switch', 10, fixed(0));
    const first = JSON.parse(nextMessage(d, new Date('2026-11-22T10:00:00Z'))!.payload);
    const second = JSON.parse(nextMessage(d, new Date('2026-11-22T10:00:10Z'))!.payload);
    expect(first).toMatchObject({ ts: '2026-11-22T10:00:00.000Z', seq: 1, type: 'switch', health: { uplinkUp: true } });
    expect(second.seq).toBe(2);
    expect(first.health.ports).toHaveLength(8);
    expect(first.health.ports.every((p: { up: boolean }) => p.up)).toBe(true);
  });

  it('should put each condition into the health its device type reports', () => {
    const dvr = { ...makeSimDevice('D', 'dvr', 10, fixed(0)), condition: 'disk-failed' as const };
    expect((healthOf(dvr).disks as { state: string }[])[0].state).toBe('failed');
    const cam = { ...makeSimDevice('C', 'camera', 10, fixed(0)), condition: 'ptz-fault' as const };
    expect(healthOf(cam)).toEqual({ video: 'ok', tamper: false, ptz: 'fault', bitrateKbps: 2048, fps: 25 });
    const srv = { ...makeSimDevice('S', 'server', 10, fixed(0)), condition: 'service-down' as const };
    expect(healthOf(srv).services).toContainEqual({ name: 'backup', up: false });
    expect(conditionsOf('camera')).toEqual([
      'video-loss',
      'tamper',
      'ptz-fault',
      'stream-low',
      'vqd-blur',
      'vqd-colour-cast',
      'vqd-noise',
      'vqd-occlusion',
      'vqd-frozen',
      'vqd-signal-loss',
      'vqd-brightness',
      'silent',
      'offline',
    ]);
  });

  it('should stay silent, or publish its offline will once', () => {
    const silent = { ...makeSimDevice('A', 'camera', 10, fixed(0)), condition: 'silent' as const };
    expect(nextMessage(silent, new Date())).toBeNull();
    const off = { ...makeSimDevice('B', 'camera', 10, fixed(0)), condition: 'offline' as const };
    expect(nextMessage(off, new Date())).toEqual({ topic: 'vigil/v1/devices/B/status', payload: 'offline' });
    expect(nextMessage(off, new Date())).toBeNull();
  });
});

describe('recording and video quality', () => {
  // 10:30 in Shanghai (UTC+8): 37,800 s since the local midnight
  const at = new Date('2026-11-22T02:30:00Z');
  const channel1 = (d: ReturnType<typeof makeSimDevice>) => (healthOf(d, at, 'Asia/Shanghai').channels as Record<string, unknown>[])[0];

  it('should read the day in the zone given', () => {
    expect(localDay(at, 'Asia/Shanghai')).toEqual({ date: '2026-11-22', elapsedSec: 37_800 });
    expect(localDay(new Date('2026-11-22T17:00:00Z'), 'Asia/Shanghai')).toEqual({ date: '2026-11-23', elapsedSec: 3600 });
  });

  it('should report a whole day recorded, kept long enough, at a healthy stream', () => {
    expect(channel1(makeSimDevice('D', 'dvr', 10, fixed(0)))).toEqual({
      ch: 1,
      recording: true,
      videoLoss: false,
      recordedSec: 37_800,
      oldestRecording: '2026-07-25',
      bitrateKbps: 2048,
      fps: 25,
    });
  });

  it('should show a two-hour gap, a short retention and a low stream on channel 1', () => {
    const gap = channel1({ ...makeSimDevice('D', 'dvr', 10, fixed(0)), condition: 'recording-gap' });
    expect(gap).toMatchObject({ recordedSec: 37_800 - 7200, gaps: [{ from: '2026-11-22T00:30:00.000Z', to: '2026-11-22T02:30:00.000Z' }] });
    expect(channel1({ ...makeSimDevice('D', 'nvr', 10, fixed(0)), condition: 'retention-short' }).oldestRecording).toBe('2026-11-02');
    expect(channel1({ ...makeSimDevice('D', 'dvr', 10, fixed(0)), condition: 'stream-low' })).toMatchObject({ bitrateKbps: 128, fps: 5 });
  });

  it('should send a camera’s VQD report on its first heartbeat, when its condition changes, and every tenth heartbeat', () => {
    const cam = makeSimDevice('C', 'camera', 10, fixed(0));
    nextMessage(cam, at);
    const first = vqdMessage(cam, at)!;
    expect(first.topic).toBe('vigil/v1/devices/C/vqd');
    expect(Object.values(JSON.parse(first.payload).checks).every((r) => (r as { score: number }).score >= 80)).toBe(true);
    nextMessage(cam, at);
    expect(vqdMessage(cam, at)).toBeNull();
    cam.condition = 'vqd-occlusion';
    expect(JSON.parse(vqdMessage(cam, at)!.payload).checks.occlusion).toEqual({ score: 15, pass: false });
    expect(vqdMessage(cam, at)).toBeNull();
    expect(vqdMessage(makeSimDevice('D', 'dvr', 10, fixed(0)), at)).toBeNull();
  });
});

describe(evolve.name, () => {
  it('should develop a condition at the fault rate and heal it after its time', () => {
    const d = makeSimDevice('C', 'camera', 10, fixed(0));
    evolve(d, 0.5, fixed(0.9));
    expect(d.condition).toBeNull();
    evolve(d, 0.5, fixed(0.1, 0, 0.5));
    expect(d.condition).toBe('video-loss');
    expect(d.healsAfter).toBe(3);
    evolve(d, 0.5, fixed(0.9));
    evolve(d, 0.5, fixed(0.9));
    evolve(d, 0.5, fixed(0.9));
    expect(d.condition).toBeNull();
  });

  it('should keep an injected condition for the whole run', () => {
    const d = { ...makeSimDevice('C', 'camera', 10, fixed(0)), condition: 'tamper' as const, healsAfter: null };
    for (let i = 0; i < 10; i += 1) evolve(d, 1, fixed(0));
    expect(d.condition).toBe('tamper');
  });
});

describe(isCutOff.name, () => {
  it('should cut off every device below a silent or offline parent, and no other', () => {
    const sw = makeSimDevice('SW', 'switch', 10, () => 0);
    const dvr = makeSimDevice('DVR', 'dvr', 10, () => 0, 'SW');
    const cam = makeSimDevice('CAM', 'camera', 10, () => 0, 'DVR');
    const other = makeSimDevice('OTHER', 'camera', 10, () => 0);
    const byId = new Map([sw, dvr, cam, other].map((d) => [d.id, d]));
    expect([sw, dvr, cam, other].map((d) => isCutOff(d, byId))).toEqual([false, false, false, false]);
    sw.condition = 'silent';
    expect([sw, dvr, cam, other].map((d) => isCutOff(d, byId))).toEqual([false, true, true, false]);
    sw.condition = null;
    dvr.condition = 'offline';
    expect([sw, dvr, cam, other].map((d) => isCutOff(d, byId))).toEqual([false, false, true, false]);
  });

  it('should not loop on a parent chain that loops', () => {
    const a = makeSimDevice('A', 'switch', 10, () => 0, 'B');
    const b = makeSimDevice('B', 'switch', 10, () => 0, 'A');
    expect(
      isCutOff(
        a,
        new Map([
          [a.id, a],
          [b.id, b],
        ]),
      ),
    ).toBe(false);
  });
});

describe(applyInjections.name, () => {
  it('should force the injected conditions for the rest of the run, and leave the other devices alone', () => {
    const sw = { ...makeSimDevice('SW', 'switch', 10, () => 0), injected: 'silent' as const };
    const cam = makeSimDevice('CAM', 'camera', 10, () => 0);
    expect(applyInjections([sw, cam])).toBe(1);
    expect(sw).toMatchObject({ condition: 'silent', healsAfter: null, injected: null });
    expect(cam.condition).toBeNull();
    for (let i = 0; i < 20; i += 1) evolve(sw, 0, () => 0);
    expect(nextMessage(sw, new Date())).toBeNull();
    expect(applyInjections([sw, cam])).toBe(0);
  });
});
