import { DEVICE_TYPES, type DeviceType } from '../assets/device-type';
import { plainFields, plainHealth } from './fast-heartbeat';
import { parseHeartbeat, parseWithSchema } from './parse-heartbeat';

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const bytes = (raw: unknown) => new TextEncoder().encode(JSON.stringify(raw));

/** Plain heartbeats of each family, as devices send them. */
const PLAIN: Record<string, Record<string, unknown>> = {
  camera: { video: 'lost', tamper: false, ptz: 'none' },
  dvr: {
    disks: [
      { id: 1, state: 'ok' },
      { id: 'b', state: 'failed' },
    ],
    channels: [{ ch: 1, recording: true, videoLoss: false }, { ch: 2 }],
  },
  switch: {
    ports: [
      { port: 1, up: true },
      { port: 2, up: false },
    ],
    uplinkUp: true,
    tempC: 42.5,
  },
  server: { cpuPct: 18, diskPct: 99.5, services: [{ name: 'backup', up: true }] },
};

/** Values a field may be given instead of the right one. */
const ODD: unknown[] = [null, 'x', '', -1, 0, 1.5, 1e9, 65536, 4097, true, [], {}, [{}], 'ok', 'lost', 'none', 'absent', 'A'.repeat(65), Number.MAX_SAFE_INTEGER];

/** The heartbeat with one thing changed somewhere inside it (a value, a missing key, an extra key). */
function mutate(value: unknown, next: () => number): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  if (next() < 0.1) return pick(ODD);
  if (Array.isArray(value)) {
    if (value.length === 0) return [pick(ODD)];
    const i = Math.floor(next() * value.length);
    return value.map((v, j) => (j === i ? mutate(v, next) : v));
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = { ...value };
    const keys = Object.keys(out);
    const roll = next();
    if (roll < 0.1 && keys.length > 0) delete out[pick(keys)];
    else if (roll < 0.2) out[pick(['extra', 'ptz', 'ports', 'ch', 'name', 'up'])] = pick(ODD);
    else if (keys.length > 0) {
      const key = pick(keys);
      out[key] = mutate(out[key], next);
    }
    return out;
  }
  return pick(ODD);
}

describe('the fast path of parseHeartbeat', () => {
  it('should take the plain heartbeats of every family', () => {
    for (const type of ['camera', 'dvr', 'switch', 'server'] as DeviceType[]) {
      const raw = { ts: '2026-12-02T08:00:00.000Z', seq: 7, type, fw: 'V4.22.005', health: PLAIN[type] };
      expect(plainFields(raw)).toEqual({ seq: 7, fw: 'V4.22.005' });
      expect(plainHealth(raw.health, type)).toEqual(parseWithSchema(raw, type).ok && (parseWithSchema(raw, type) as { value: { health: unknown } }).value.health);
    }
  });

  it('should leave anything not plain to the schema', () => {
    expect(plainFields({ ts: 1, seq: null })).toBeUndefined();
    expect(plainFields({ ts: 1, extra: 1 })).toBeUndefined();
    expect(plainHealth({ video: 'ok', extra: true }, 'camera')).toBeUndefined();
    expect(plainHealth([], 'camera')).toBeUndefined();
  });

  it('should hand the recording and stream fields ([14]) to the schema, which reads them', () => {
    const channel = {
      ch: 1,
      recording: true,
      recordedSec: 3600,
      gaps: [{ from: '2026-12-02T00:00:00+08:00', to: 1796144400000 }],
      oldestRecording: '2026-11-02',
      bitrateKbps: 2048,
      fps: 25,
    };
    expect(plainHealth({ channels: [channel] }, 'dvr')).toBeUndefined();
    expect(plainHealth({ video: 'ok', bitrateKbps: 512 }, 'camera')).toBeUndefined();
    expect(parseHeartbeat(bytes({ ts: '2026-12-02T08:00:00.000Z', health: { channels: [channel] } }), 'nvr')).toMatchObject({
      ok: true,
      value: { health: { channels: [{ ...channel, gaps: [{ from: new Date('2026-12-01T16:00:00Z'), to: new Date(1796144400000) }] }] } },
    });
    expect(parseHeartbeat(bytes({ ts: '2026-12-02T08:00:00.000Z', health: { video: 'ok', bitrateKbps: 512, fps: 12.5 } }), 'camera')).toMatchObject({
      ok: true,
      value: { health: { video: 'ok', bitrateKbps: 512, fps: 12.5 } },
    });
  });

  it.each(['dvr', 'camera'] as DeviceType[])('should answer as the schema does for 3,000 mutated video heartbeats of a %s', (type) => {
    const next = random(type.length + 11);
    const health =
      type === 'dvr'
        ? { channels: [{ ch: 1, recordedSec: 80000, gaps: [{ from: 1764547200000, to: 1764550800000 }], oldestRecording: '2026-11-02', bitrateKbps: 4096, fps: 25 }] }
        : { video: 'ok', bitrateKbps: 1024, fps: 25 };
    const base = { ts: '2026-12-02T08:00:00.000Z', seq: 3, health };
    for (let i = 0; i < 3000; i++) {
      const raw = mutate(base, next) as Record<string, unknown>;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) continue;
      expect(parseHeartbeat(bytes(raw), type)).toEqual(parseWithSchema(JSON.parse(JSON.stringify(raw)), type));
    }
  });

  it.each(DEVICE_TYPES)('should answer as the schema does for 3,000 plain and mutated heartbeats of a %s', (type) => {
    const next = random(DEVICE_TYPES.indexOf(type) + 7);
    const base = { ts: '2026-12-02T08:00:00.000Z', seq: 3, fw: 'V1', health: PLAIN[type] ?? { anything: 1 } };
    for (let i = 0; i < 3000; i++) {
      const raw = (i % 5 === 0 ? base : mutate(base, next)) as Record<string, unknown>;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) continue;
      expect(parseHeartbeat(bytes(raw), type)).toEqual(parseWithSchema(JSON.parse(JSON.stringify(raw)), type));
    }
  });
});
