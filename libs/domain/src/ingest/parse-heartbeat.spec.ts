import { parseDeviceTopic } from './device-topic';
import { parseHeartbeat, parseStatus } from './parse-heartbeat';

const enc = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const TS = '2026-11-22T10:00:00.000Z';

describe(parseDeviceTopic.name, () => {
  it.each([
    ['vigil/v1/devices/QD-R1-DVR01/heartbeat', { ok: true, deviceId: 'QD-R1-DVR01', channel: 'heartbeat' }],
    ['vigil/v1/devices/cam_1.a/status', { ok: true, deviceId: 'cam_1.a', channel: 'status' }],
    ['vigil/v1/devices/bad id/heartbeat', { ok: false, reason: 'bad-topic' }],
    ['vigil/v1/devices//heartbeat', { ok: false, reason: 'bad-topic' }],
    [`vigil/v1/devices/${'x'.repeat(65)}/heartbeat`, { ok: false, reason: 'bad-topic' }],
    ['vigil/v2/devices/a/heartbeat', { ok: false, reason: 'bad-topic' }],
    ['vigil/v1/devices/a/heartbeat/extra', { ok: false, reason: 'bad-topic' }],
    ['vigil/v1/devices/a/telemetry', { ok: false, reason: 'bad-topic' }],
  ])('should read %s', (topic, expected) => {
    expect(parseDeviceTopic(topic)).toEqual(expected);
  });
});

describe(parseHeartbeat.name, () => {
  it('should read a full DVR heartbeat', () => {
    const r = parseHeartbeat(
      enc({
        ts: TS,
        seq: 1042,
        type: 'dvr',
        fw: 'V4.22.005',
        extra: 1,
        health: {
          disks: [
            { id: '1', state: 'ok' },
            { id: 2, state: 'failed' },
          ],
          channels: [{ ch: 1, recording: true, videoLoss: false, bitrate: 4096 }],
        },
      }),
      'dvr',
    );
    expect(r).toEqual({
      ok: true,
      value: {
        ts: new Date(TS),
        seq: 1042,
        type: 'dvr',
        fw: 'V4.22.005',
        health: {
          disks: [
            { id: '1', state: 'ok' },
            { id: '2', state: 'failed' },
          ],
          channels: [{ ch: 1, recording: true, videoLoss: false }],
        },
      },
    });
  });

  it('should accept epoch milliseconds, a zone offset and no health', () => {
    expect(parseHeartbeat(enc({ ts: 1795363200000 }), 'camera')).toMatchObject({ ok: true, value: { ts: new Date(1795363200000), seq: null, health: {} } });
    expect(parseHeartbeat(enc({ ts: '2026-11-22T18:00:00+08:00' }), 'camera')).toMatchObject({ ok: true, value: { ts: new Date(TS) } });
  });

  it('should read camera, switch and server health and ignore unknown fields', () => {
    expect(parseHeartbeat(enc({ ts: TS, health: { video: 'lost', tamper: true, ptz: 'fault', zoom: 3 } }), 'camera')).toMatchObject({
      ok: true,
      value: { health: { video: 'lost', tamper: true, ptz: 'fault' } },
    });
    expect(parseHeartbeat(enc({ ts: TS, health: { ports: [{ port: 1, up: false }], uplinkUp: true, tempC: 41.5 } }), 'switch')).toMatchObject({
      ok: true,
      value: { health: { ports: [{ port: 1, up: false }], uplinkUp: true, tempC: 41.5 } },
    });
    expect(parseHeartbeat(enc({ ts: TS, health: { cpuPct: 12, diskPct: 40, services: [{ name: 'backup', up: false }] } }), 'server')).toMatchObject({
      ok: true,
      value: { health: { cpuPct: 12, diskPct: 40, services: [{ name: 'backup', up: false }] } },
    });
  });

  it.each([
    [Buffer.alloc(16 * 1024 + 1, 32), 'too-large'],
    [Buffer.from([0xff, 0xfe, 0x00]), 'not-utf8'],
    [enc('{"ts":'), 'not-json'],
    [enc('[1,2]'), 'not-object'],
    [enc('"hello"'), 'not-object'],
    [enc({ ts: TS, type: 'camera' }), 'type-mismatch'],
    [enc({}), 'invalid-field'],
    [enc({ ts: 'yesterday' }), 'invalid-field'],
    [enc({ ts: '2026-11-22T10:00:00' }), 'invalid-field'],
    [enc({ ts: -5 }), 'invalid-field'],
    [enc({ ts: 9_000_000_000_000_000 }), 'invalid-field'],
    [enc({ ts: '9999-12-31T23:00:00-08:00' }), 'invalid-field'],
    [enc({ ts: TS, seq: 1.5 }), 'invalid-field'],
    [enc({ ts: TS, seq: '7' }), 'invalid-field'],
    [enc({ ts: TS, fw: 42 }), 'invalid-field'],
    [enc({ ts: TS, health: [] }), 'invalid-field'],
    [enc({ ts: TS, health: { disks: [{ id: '1', state: 'melted' }] } }), 'invalid-field'],
    [enc({ ts: TS, health: { disks: {} } }), 'invalid-field'],
    [enc({ ts: TS, health: { channels: [{ ch: 0 }] } }), 'invalid-field'],
    [enc({ ts: TS, health: { channels: [{ ch: 1, recording: 'yes' }] } }), 'invalid-field'],
    [enc({ ts: TS, health: { channels: Array.from({ length: 1025 }, (_, i) => ({ ch: i + 1 })) } }), 'invalid-field'],
  ])('should drop payload #%# as %s', (payload, reason) => {
    const r = parseHeartbeat(payload, 'dvr');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe(reason);
  });

  it('should name the field that is wrong', () => {
    const r = parseHeartbeat(
      enc({
        ts: TS,
        health: {
          disks: [
            { id: '1', state: 'ok' },
            { id: '2', state: 'melted' },
          ],
        },
      }),
      'nvr',
    );
    expect(r).toEqual({ ok: false, reason: 'invalid-field', detail: 'health.disks[1].state must be one of ok|warning|failed|absent' });
  });

  it('should check switch and server fields by their own rules', () => {
    expect(parseHeartbeat(enc({ ts: TS, health: { ports: [{ port: 1 }] } }), 'switch')).toMatchObject({ ok: false, detail: 'health.ports[0].up is required' });
    expect(parseHeartbeat(enc({ ts: TS, health: { tempC: 'hot' } }), 'switch')).toMatchObject({ ok: false, reason: 'invalid-field' });
    expect(parseHeartbeat(enc({ ts: TS, health: { cpuPct: 101 } }), 'server')).toMatchObject({ ok: false, reason: 'invalid-field' });
    expect(parseHeartbeat(enc({ ts: TS, health: { services: [{ name: '', up: true }] } }), 'server')).toMatchObject({ ok: false, reason: 'invalid-field' });
    expect(parseHeartbeat(enc({ ts: TS, health: { video: 'blurry' } }), 'camera')).toMatchObject({ ok: false, reason: 'invalid-field' });
  });
});

describe(parseStatus.name, () => {
  it('should read online and offline and refuse anything else', () => {
    expect(parseStatus(enc('offline'))).toEqual({ ok: true, value: 'offline' });
    expect(parseStatus(enc(' online\n'))).toEqual({ ok: true, value: 'online' });
    expect(parseStatus(enc('down'))).toMatchObject({ ok: false, reason: 'bad-status' });
  });
});
