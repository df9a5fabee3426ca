import type { Heartbeat } from '../ingest/heartbeat';
import { applyHeartbeat, CLOCK_RESET_MS, initialHealth, markOffline, type HealthState } from './device-health';
import { deriveConditions } from './derive-conditions';

const at = (s: number) => new Date(Date.UTC(2026, 10, 22, 10, 0, s));
const hb = (over: Partial<Heartbeat> = {}): Heartbeat => ({ ts: at(0), seq: null, type: null, fw: null, health: {}, ...over });

function run(state: HealthState, ...beats: Heartbeat[]): HealthState {
  return beats.reduce((s, b, i) => applyHeartbeat(s, b, at(100 + i)).state, state);
}

describe(applyHeartbeat.name, () => {
  it('should bring an unknown device online on its first heartbeat', () => {
    const out = applyHeartbeat(initialHealth(), hb({ seq: 1 }), at(1));
    expect(out.accepted).toBe(true);
    expect(out.state).toMatchObject({ status: 'online', lastSeq: 1, lastSeenAt: at(1), lastDeviceTs: at(0) });
    expect(out.changes).toEqual([{ kind: 'status-changed', from: 'unknown', to: 'online' }]);
  });

  it('should ignore a repeat of the last seq without touching anything', () => {
    const s = run(initialHealth(), hb({ seq: 5 }));
    const out = applyHeartbeat(s, hb({ seq: 5, health: { video: 'lost' } }), at(50));
    expect(out).toEqual({ state: s, changes: [], accepted: false, ignoredBecause: 'duplicate' });
  });

  it('should ignore a late message with a lower seq and an older time, and accept a reboot', () => {
    const s = run(initialHealth(), hb({ seq: 10, ts: at(10) }));
    expect(applyHeartbeat(s, hb({ seq: 9, ts: at(9) }), at(11))).toMatchObject({ accepted: false, ignoredBecause: 'stale', changes: [] });
    expect(applyHeartbeat(s, hb({ seq: 1, ts: at(20) }), at(21))).toMatchObject({ accepted: true, state: { lastSeq: 1 } });
  });

  it('should order messages without seq by device time', () => {
    const s = run(initialHealth(), hb({ ts: at(10) }));
    expect(applyHeartbeat(s, hb({ ts: at(5) }), at(12)).ignoredBecause).toBe('stale');
    expect(applyHeartbeat(s, hb({ ts: at(10) }), at(12)).accepted).toBe(true);
  });

  it('should follow a device clock that stepped back past the reset threshold, with or without seq', () => {
    const late = new Date(at(10).getTime() - CLOCK_RESET_MS);
    const reset = new Date(at(10).getTime() - CLOCK_RESET_MS - 1);
    const plain = run(initialHealth(), hb({ ts: at(10) }));
    expect(applyHeartbeat(plain, hb({ ts: late }), at(12)).ignoredBecause).toBe('stale');
    const followed = applyHeartbeat(plain, hb({ ts: reset }), at(12));
    expect(followed).toMatchObject({ accepted: true, state: { lastDeviceTs: reset } });
    expect(applyHeartbeat(followed.state, hb({ ts: new Date(reset.getTime() + 1000) }), at(13)).accepted).toBe(true);
    const counted = run(initialHealth(), hb({ seq: 500, ts: at(10) }));
    expect(applyHeartbeat(counted, hb({ seq: 2, ts: late }), at(12)).ignoredBecause).toBe('stale');
    expect(applyHeartbeat(counted, hb({ seq: 2, ts: reset }), at(12))).toMatchObject({ accepted: true, state: { lastSeq: 2, lastDeviceTs: reset } });
  });

  it('should accept a higher seq whatever its device time says', () => {
    const s = run(initialHealth(), hb({ seq: 10, ts: at(10) }));
    expect(applyHeartbeat(s, hb({ seq: 11, ts: at(9) }), at(11))).toMatchObject({ accepted: true, state: { lastSeq: 11 } });
  });

  it('should tolerate a device clock hours off: liveness uses receive time', () => {
    const skewed = new Date(at(0).getTime() - 5 * 3600_000);
    const out = applyHeartbeat(initialHealth(), hb({ ts: skewed, seq: 1 }), at(1));
    expect(out.state.lastSeenAt).toEqual(at(1));
    expect(out.state.status).toBe('online');
  });

  it('should raise and clear conditions, degrading and restoring the status', () => {
    const s1 = applyHeartbeat(run(initialHealth(), hb({ seq: 1 })), hb({ seq: 2, health: { disks: [{ id: '2', state: 'failed' }] } }), at(3));
    expect(s1.changes).toEqual([
      { kind: 'condition-raised', condition: { kind: 'disk-failed', subject: '2' } },
      { kind: 'status-changed', from: 'online', to: 'degraded' },
    ]);
    const s2 = applyHeartbeat(s1.state, hb({ seq: 3, health: { disks: [{ id: '2', state: 'ok' }] } }), at(4));
    expect(s2.changes).toEqual([
      { kind: 'condition-cleared', condition: { kind: 'disk-failed', subject: '2' } },
      { kind: 'status-changed', from: 'degraded', to: 'online' },
    ]);
  });

  it('should keep what a part of the report said when a later report leaves that part out', () => {
    const s = run(initialHealth(), hb({ seq: 1, health: { ports: [{ port: 3, up: false }], tempC: 40 } }), hb({ seq: 2, health: { tempC: 41 } }));
    expect(s.conditions).toEqual([{ kind: 'port-down', subject: '3' }]);
    expect(s.status).toBe('degraded');
  });

  it('should record a firmware change', () => {
    const s = run(initialHealth('V1'), hb({ seq: 1, fw: 'V1' }));
    const out = applyHeartbeat(s, hb({ seq: 2, fw: 'V2' }), at(9));
    expect(out.changes).toEqual([{ kind: 'firmware-changed', from: 'V1', to: 'V2' }]);
    expect(out.state.firmware).toBe('V2');
  });
});

describe(markOffline.name, () => {
  it('should take a device offline once and bring it back on the next heartbeat', () => {
    const online = run(initialHealth(), hb({ seq: 1, health: { video: 'lost' } }));
    const off = markOffline(online);
    expect(off.changes).toEqual([
      { kind: 'condition-raised', condition: { kind: 'offline' } },
      { kind: 'status-changed', from: 'degraded', to: 'offline' },
    ]);
    expect(markOffline(off.state).changes).toEqual([]);
    const back = applyHeartbeat(off.state, hb({ seq: 2, health: { video: 'ok' } }), at(200));
    expect(back.state.status).toBe('online');
    expect(back.changes).toEqual([
      { kind: 'condition-cleared', condition: { kind: 'video-loss' } },
      { kind: 'condition-cleared', condition: { kind: 'offline' } },
      { kind: 'status-changed', from: 'offline', to: 'online' },
    ]);
  });
});

describe(deriveConditions.name, () => {
  it.each([
    [{ disks: [{ id: '1', state: 'warning' as const }] }, [{ kind: 'disk-warning', subject: '1' }]],
    [
      { channels: [{ ch: 4, recording: false, videoLoss: true }] },
      [
        { kind: 'channel-not-recording', subject: '4' },
        { kind: 'video-loss', subject: '4' },
      ],
    ],
    [{ video: 'lost' as const, tamper: true, ptz: 'fault' as const }, [{ kind: 'video-loss' }, { kind: 'tamper' }, { kind: 'ptz-fault' }]],
    [{ ptz: 'none' as const, tamper: false }, []],
    [
      {
        ports: [
          { port: 7, up: false },
          { port: 8, up: true },
        ],
        uplinkUp: false,
      },
      [{ kind: 'port-down', subject: '7' }, { kind: 'uplink-down' }],
    ],
    [{ services: [{ name: 'backup', up: false }] }, [{ kind: 'service-down', subject: 'backup' }]],
    [{ tempC: 70 }, [{ kind: 'temperature-high' }]],
    [{ tempC: 69.9 }, []],
  ])('should derive from %j', (report, expected) => {
    expect(deriveConditions(report, [])).toEqual(expected);
  });

  it('should clear high temperature only 5 °C below the threshold', () => {
    const hot = [{ kind: 'temperature-high' as const }];
    expect(deriveConditions({ tempC: 66 }, hot)).toEqual(hot);
    expect(deriveConditions({ tempC: 65 }, hot)).toEqual([]);
    expect(deriveConditions({ tempC: 80 }, [], { tempHighC: 85 })).toEqual([]);
  });
});
