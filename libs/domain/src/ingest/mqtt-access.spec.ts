import { gatewayMayPublish, mayPublish, mayReceive, maySubscribe, type MqttIdentity } from './mqtt-access';

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

describe('a gateway', () => {
  const gateway: MqttIdentity = { kind: 'gateway', gatewayId: 'GW-1', devices: new Set(['CAM-1', 'DVR.2']) };

  it.each([
    ['vigil/v1/devices/CAM-1/heartbeat', true],
    ['vigil/v1/devices/CAM-1/status', true],
    ['vigil/v1/devices/DVR.2/vqd', true],
    ['vigil/v1/devices/CAM-2/heartbeat', false],
    ['vigil/v1/devices/CAM-1/commands', false],
    ['vigil/v1/devices/CAM-1/heartbeat/x', false],
    ['vigil/v1/devices/GW-1/heartbeat', false],
    ['vigil/internal/v1/abc/fault-notices', false],
    ['$SYS/broker', false],
  ])('should publish to %s: %s', (topic, allowed) => {
    expect(mayPublish(gateway, topic)).toBe(allowed);
  });

  it('should subscribe to nothing and receive nothing', () => {
    expect(maySubscribe(gateway, 'vigil/v1/devices/CAM-1/#')).toBe(false);
    expect(maySubscribe(gateway, '#')).toBe(false);
    expect(mayReceive(gateway, 'vigil/v1/devices/CAM-1/heartbeat')).toBe(false);
  });

  it('should follow the assigned set it is asked with', () => {
    expect(gatewayMayPublish(new Set(), 'vigil/v1/devices/CAM-1/heartbeat')).toBe(false);
    expect(gatewayMayPublish(new Set(['CAM-1']), 'vigil/v1/devices/CAM-1/heartbeat')).toBe(true);
  });
});
