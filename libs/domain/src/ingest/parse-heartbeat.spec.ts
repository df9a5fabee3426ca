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

describe('the recording and stream fields of a heartbeat ([14])', () => {
  const dvr = (channel: Record<string, unknown>) => parseHeartbeat(enc({ ts: TS, health: { channels: [{ ch: 3, ...channel }] } }), 'dvr');

  it('should read recorded seconds, gaps, the oldest recording and the stream of a channel', () => {
    expect(
      dvr({ recordedSec: 90000, gaps: [{ from: '2026-11-22T01:00:00+08:00', to: '2026-11-22T03:00:00+08:00' }], oldestRecording: '2026-10-23', bitrateKbps: 0, fps: 1000 }),
    ).toEqual({
      ok: true,
      value: expect.objectContaining({
        health: {
          channels: [
            {
              ch: 3,
              recordedSec: 90000,
              gaps: [{ from: new Date('2026-11-21T17:00:00Z'), to: new Date('2026-11-21T19:00:00Z') }],
              oldestRecording: '2026-10-23',
              bitrateKbps: 0,
              fps: 1000,
            },
          ],
        },
      }),
    });
    expect(dvr({ gaps: [] })).toMatchObject({ ok: true, value: { health: { channels: [{ ch: 3, gaps: [] }] } } });
  });

  it.each([
    [{ recordedSec: -1 }, 'health.channels[0].recordedSec must be an integer from 0 to 90000'],
    [{ recordedSec: 90001 }, 'health.channels[0].recordedSec must be an integer from 0 to 90000'],
    [{ recordedSec: 12.5 }, 'health.channels[0].recordedSec must be an integer from 0 to 90000'],
    [{ recordedSec: '3600' }, 'health.channels[0].recordedSec must be an integer from 0 to 90000'],
    [{ gaps: {} }, 'health.channels[0].gaps must be an array'],
    [{ gaps: Array.from({ length: 1025 }, () => 0) }, 'health.channels[0].gaps must hold at most 1024 items'],
    [{ gaps: ['01:00-02:00'] }, 'health.channels[0].gaps[0] must be an object {from, to}'],
    [{ gaps: [{ from: '2026-11-22T01:00:00', to: TS }] }, 'health.channels[0].gaps[0].from must be an ISO-8601 time with a zone or epoch milliseconds, between 1970 and 9999'],
    [{ gaps: [{ from: TS }] }, 'health.channels[0].gaps[0].to must be an ISO-8601 time with a zone or epoch milliseconds, between 1970 and 9999'],
    [{ gaps: [{ from: TS, to: TS }] }, 'health.channels[0].gaps[0].to must end after it starts (to after from)'],
    [{ oldestRecording: '2026-02-30' }, 'health.channels[0].oldestRecording must be a date YYYY-MM-DD'],
    [{ oldestRecording: '2026-11-22T00:00:00Z' }, 'health.channels[0].oldestRecording must be a date YYYY-MM-DD'],
    [{ oldestRecording: 20261122 }, 'health.channels[0].oldestRecording must be a date YYYY-MM-DD'],
    [{ bitrateKbps: -5 }, 'health.channels[0].bitrateKbps must be a number from 0 to 10000000'],
    [{ bitrateKbps: 10_000_001 }, 'health.channels[0].bitrateKbps must be a number from 0 to 10000000'],
    [{ fps: 'fast' }, 'health.channels[0].fps must be a number from 0 to 1000'],
    [{ fps: 1001 }, 'health.channels[0].fps must be a number from 0 to 1000'],
  ])('should refuse channel %j as an invalid field', (channel, detail) => {
    expect(dvr(channel)).toEqual({ ok: false, reason: 'invalid-field', detail });
  });

  it("should read and check a camera's own stream", () => {
    expect(parseHeartbeat(enc({ ts: TS, health: { bitrateKbps: 2048.5, fps: 25 } }), 'camera')).toMatchObject({ ok: true, value: { health: { bitrateKbps: 2048.5, fps: 25 } } });
    expect(parseHeartbeat(enc({ ts: TS, health: { fps: -1 } }), 'camera')).toEqual({ ok: false, reason: 'invalid-field', detail: 'health.fps must be a number from 0 to 1000' });
    expect(parseHeartbeat(enc({ ts: TS, health: { bitrateKbps: true } }), 'camera')).toMatchObject({ ok: false, reason: 'invalid-field' });
  });

  it('should keep old heartbeats valid and unchanged', () => {
    expect(dvr({ recording: false })).toMatchObject({ ok: true, value: { health: { channels: [{ ch: 3, recording: false }] } } });
  });
});

describe(parseStatus.name, () => {
  it('should read online and offline and refuse anything else', () => {
    expect(parseStatus(enc('offline'))).toEqual({ ok: true, value: 'offline' });
    expect(parseStatus(enc(' online\n'))).toEqual({ ok: true, value: 'online' });
    expect(parseStatus(enc('down'))).toMatchObject({ ok: false, reason: 'bad-status' });
  });
});
