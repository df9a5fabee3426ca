import { parseDeviceTopic, vqdTopic, VQD_TOPIC_FILTER } from './device-topic';
import { mayPublish, maySubscribe, mayReceive } from './mqtt-access';
import { parseVqd } from './parse-vqd';
import { rabbitTopicAllowed, RABBIT_MQTT_EXCHANGE } from './rabbitmq-access';

const enc = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const TS = '2026-11-22T10:00:00.000Z';

describe(parseVqd.name, () => {
  it("should read a camera's checks as pass/fail and scores", () => {
    expect(parseVqd(enc({ ts: TS, checks: { occlusion: false, blur: { score: 42 }, noise: { score: 90, pass: false }, frozen: true } }), 'camera')).toEqual({
      ok: true,
      value: { ts: new Date(TS), ch: null, checks: { occlusion: { pass: false }, blur: { score: 42 }, noise: { score: 90, pass: false }, frozen: { pass: true } } },
    });
  });

  it("should read a recorder's channel and ignore other fields", () => {
    expect(parseVqd(enc({ ts: 1795363200000, ch: 4, engine: 'vqd-1', checks: { signalLoss: { pass: true, extra: 1 } } }), 'nvr')).toEqual({
      ok: true,
      value: { ts: new Date(1795363200000), ch: 4, checks: { signalLoss: { pass: true } } },
    });
  });

  it.each([
    [{ checks: { blur: true } }, 'ts must be an ISO-8601 time with a zone or epoch milliseconds, between 1970 and 9999'],
    [{ ts: 'now', checks: { blur: true } }, 'ts must be an ISO-8601 time with a zone or epoch milliseconds, between 1970 and 9999'],
    [{ ts: TS }, 'checks must be an object of check → result; checks are blur, colourCast, noise, occlusion, frozen, signalLoss, brightness'],
    [{ ts: TS, checks: [] }, 'checks must be an object of check → result; checks are blur, colourCast, noise, occlusion, frozen, signalLoss, brightness'],
    [{ ts: TS, checks: {} }, 'checks must hold at least one check of blur, colourCast, noise, occlusion, frozen, signalLoss, brightness'],
    [{ ts: TS, checks: { smudge: true } }, 'checks.smudge is not a check; checks are blur, colourCast, noise, occlusion, frozen, signalLoss, brightness'],
    [{ ts: TS, checks: { blur: 'bad' } }, 'checks.blur must be true, false or {score 0–100, pass?: true|false}'],
    [{ ts: TS, checks: { blur: { score: 101 } } }, 'checks.blur.score must be a score from 0 to 100'],
    [{ ts: TS, checks: { blur: {} } }, 'checks.blur must give a score or pass'],
    [{ ts: TS, checks: { blur: { score: 50, pass: 'no' } } }, 'checks.blur.pass must be true or false'],
    [{ ts: TS, ch: 0, checks: { blur: true } }, 'ch must be an integer from 1 to 4096'],
    [{ ts: TS, ch: 1.5, checks: { blur: true } }, 'ch must be an integer from 1 to 4096'],
    [{ ts: TS, ch: '2', checks: { blur: true } }, 'ch must be an integer from 1 to 4096'],
  ])('should refuse %j as an invalid field', (raw, detail) => {
    expect(parseVqd(enc(raw), 'camera')).toEqual({ ok: false, reason: 'invalid-field', detail });
  });

  it('should refuse a recorder report without its channel, and a device without a picture', () => {
    expect(parseVqd(enc({ ts: TS, checks: { blur: true } }), 'dvr')).toEqual({
      ok: false,
      reason: 'invalid-field',
      detail: "ch is required: a recorder's report names its channel",
    });
    expect(parseVqd(enc({ ts: TS, checks: { blur: true } }), 'switch')).toMatchObject({ ok: false, reason: 'type-mismatch' });
  });

  it('should refuse what is not one JSON object of at most 16 KiB', () => {
    expect(parseVqd(enc('{'), 'camera')).toMatchObject({ ok: false, reason: 'not-json' });
    expect(parseVqd(enc([1]), 'camera')).toMatchObject({ ok: false, reason: 'not-object' });
    expect(parseVqd(Buffer.from([0xff, 0xfe]), 'camera')).toMatchObject({ ok: false, reason: 'not-utf8' });
    expect(parseVqd(enc({ ts: TS, checks: { blur: true }, pad: 'x'.repeat(16 * 1024) }), 'camera')).toMatchObject({ ok: false, reason: 'too-large' });
  });
});

describe('the vqd topic', () => {
  it('should be read as a device channel', () => {
    expect(parseDeviceTopic(vqdTopic('QD-CAM-1'))).toEqual({ ok: true, deviceId: 'QD-CAM-1', channel: 'vqd' });
    expect(parseDeviceTopic('vigil/v1/devices/QD-CAM-1/vqd/extra')).toEqual({ ok: false, reason: 'bad-topic' });
    expect(VQD_TOPIC_FILTER).toBe('vigil/v1/devices/+/vqd');
  });

  it('should let a device publish its own VQD reports only', () => {
    const cam = { kind: 'device', deviceId: 'cam-1' } as const;
    expect(mayPublish(cam, vqdTopic('cam-1'))).toBe(true);
    expect(mayPublish(cam, vqdTopic('cam-2'))).toBe(false);
    expect(maySubscribe(cam, VQD_TOPIC_FILTER)).toBe(false);
    expect(mayReceive(cam, vqdTopic('cam-2'))).toBe(false);
    expect(rabbitTopicAllowed('cam-1', RABBIT_MQTT_EXCHANGE, 'write', 'vigil.v1.devices.cam-1.vqd')).toBe(true);
    expect(rabbitTopicAllowed('cam-1', RABBIT_MQTT_EXCHANGE, 'write', 'vigil.v1.devices.cam-2.vqd')).toBe(false);
  });
});
