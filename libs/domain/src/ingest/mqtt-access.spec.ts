import { mayPublish, mayReceive, maySubscribe, type MqttIdentity } from './mqtt-access';

const device: MqttIdentity = { kind: 'device', deviceId: 'DVR-1' };
const platform: MqttIdentity = { kind: 'platform' };
const stranger: MqttIdentity = { kind: 'stranger' };

describe(mayPublish.name, () => {
  it.each([
    [device, 'vigil/v1/devices/DVR-1/heartbeat', true],
    [device, 'vigil/v1/devices/DVR-1/status', true],
    [device, 'vigil/v1/devices/DVR-2/heartbeat', false],
    [device, 'vigil/v1/devices/DVR-1', false],
    [device, 'vigil/v1/devices/DVR-10/heartbeat', false],
    [device, 'vigil/internal/v1/abc/fault-notices', false],
    [device, 'anything/else', false],
    [platform, 'vigil/internal/v1/abc/fault-notices', true],
    [platform, 'vigil/v1/devices/X/heartbeat', true],
    [platform, '$SYS/broker', false],
    [stranger, 'vigil/v1/devices/X/heartbeat', true],
    [stranger, 'vigil/internal/v1/abc/fault-notices', false],
    [stranger, '$CONTROL/dynamic-security/v1', false],
  ])('should let %o publish to %s: %s', (who, topic, allowed) => {
    expect(mayPublish(who, topic)).toBe(allowed);
  });
});

describe(maySubscribe.name, () => {
  it.each([
    [device, 'vigil/v1/devices/DVR-1/commands', true],
    [device, 'vigil/v1/devices/DVR-1/#', true],
    [device, 'vigil/v1/devices/+/heartbeat', false],
    [device, 'vigil/v1/devices/#', false],
    [device, '#', false],
    [device, 'vigil/internal/#', false],
    [device, '$share/g/vigil/v1/devices/DVR-1/x', false],
    [stranger, 'vigil/v1/devices/+/heartbeat', true],
    [stranger, '#', false],
    [stranger, 'vigil/#', false],
    [stranger, '+/internal/#', false],
    [stranger, 'vigil/+/v1/x/fault-notices', false],
    [stranger, 'vigil/internal', false],
    [stranger, 'vigil/v1/#', true],
    [stranger, '$SYS/#', false],
    [platform, 'vigil/internal/v1/abc/#', true],
  ])('should let %o subscribe to %s: %s', (who, filter, allowed) => {
    expect(maySubscribe(who, filter)).toBe(allowed);
  });
});

describe(mayReceive.name, () => {
  it('should deliver internal notices to the platform only, and a device only its own topics', () => {
    expect(mayReceive(platform, 'vigil/internal/v1/abc/device-status')).toBe(true);
    expect(mayReceive(stranger, 'vigil/internal/v1/abc/device-status')).toBe(false);
    expect(mayReceive(device, 'vigil/internal/v1/abc/device-status')).toBe(false);
    expect(mayReceive(stranger, 'vigil/v1/devices/X/heartbeat')).toBe(true);
    expect(mayReceive(device, 'vigil/v1/devices/DVR-1/commands')).toBe(true);
    expect(mayReceive(device, 'vigil/v1/devices/DVR-2/heartbeat')).toBe(false);
  });
});
