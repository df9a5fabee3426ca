import { isDeviceUsername, rabbitGatewayTopicAllowed, rabbitResourceAllowed, rabbitTopicAllowed, rabbitVhostAllowed } from './rabbitmq-access';

describe('devices on RabbitMQ (HTTP auth backend rules)', () => {
  it('should take only device-like user names and the MQTT listener’s virtual host', () => {
    expect(isDeviceUsername('CAM.01_a-b')).toBe(true);
    expect(isDeviceUsername('vigil~platform')).toBe(false);
    expect(isDeviceUsername('')).toBe(false);
    expect(rabbitVhostAllowed('/', '/')).toBe(true);
    expect(rabbitVhostAllowed('other', '/')).toBe(false);
  });

  it('should let a device publish to the MQTT exchange and keep its own subscription queues, nothing of ingest', () => {
    expect(rabbitResourceAllowed('exchange', 'amq.topic', 'write')).toBe(true);
    expect(rabbitResourceAllowed('exchange', 'amq.topic', 'configure')).toBe(false);
    expect(rabbitResourceAllowed('exchange', 'vigil.ingest', 'write')).toBe(false);
    expect(rabbitResourceAllowed('queue', 'mqtt-subscription-CAM1qos1', 'configure')).toBe(true);
    expect(rabbitResourceAllowed('queue', 'vigil.ingest.p0', 'read')).toBe(false);
    expect(rabbitResourceAllowed('topic', 'amq.topic', 'write')).toBe(false);
  });

  it('should let a device publish only its own one-word routing keys, so no id with dots can be taken over', () => {
    expect(rabbitTopicAllowed('a', 'amq.topic', 'write', 'vigil.v1.devices.a.heartbeat')).toBe(true);
    expect(rabbitTopicAllowed('a.b', 'amq.topic', 'write', 'vigil.v1.devices.a.b.heartbeat')).toBe(true);
    // `a` writing vigil/v1/devices/a/b/heartbeat would read as device a.b's heartbeat
    expect(rabbitTopicAllowed('a', 'amq.topic', 'write', 'vigil.v1.devices.a.b.heartbeat')).toBe(false);
    expect(rabbitTopicAllowed('a', 'amq.topic', 'write', 'vigil.v1.devices.b.heartbeat')).toBe(false);
    expect(rabbitTopicAllowed('a', 'amq.topic', 'write', 'vigil.v1.devices.a.*')).toBe(false);
    expect(rabbitTopicAllowed('a', 'vigil.ingest', 'write', 'vigil.v1.devices.a.heartbeat')).toBe(false);
    expect(rabbitTopicAllowed('a', 'amq.topic', 'write', 'vigil.internal.x')).toBe(false);
  });

  it('should let a device bind its own topics, `*` but not `#`', () => {
    expect(rabbitTopicAllowed('a', 'amq.topic', 'read', 'vigil.v1.devices.a.config')).toBe(true);
    expect(rabbitTopicAllowed('a', 'amq.topic', 'read', 'vigil.v1.devices.a.*')).toBe(true);
    expect(rabbitTopicAllowed('a', 'amq.topic', 'read', 'vigil.v1.devices.a.#')).toBe(false);
    expect(rabbitTopicAllowed('a', 'amq.topic', 'read', 'vigil.v1.devices.#')).toBe(false);
    expect(rabbitTopicAllowed('a', 'amq.topic', 'configure', 'vigil.v1.devices.a.config')).toBe(false);
  });
});

describe(rabbitGatewayTopicAllowed.name, () => {
  const devices = new Set(['CAM-1', 'a.b']);

  it.each([
    ['vigil.v1.devices.CAM-1.heartbeat', 'write', true],
    ['vigil.v1.devices.CAM-1.vqd', 'write', true],
    ['vigil.v1.devices.a.b.status', 'write', true],
    ['vigil.v1.devices.a.status', 'write', false],
    ['vigil.v1.devices.CAM-2.heartbeat', 'write', false],
    ['vigil.v1.devices.CAM-1.commands', 'write', false],
    ['vigil.v1.devices.CAM-1.*', 'read', false],
    ['vigil.v1.devices.CAM-1.heartbeat', 'read', false],
  ] as const)('should answer %s (%s): %s', (key, permission, allowed) => {
    expect(rabbitGatewayTopicAllowed(devices, 'amq.topic', permission, key)).toBe(allowed);
  });

  it('should refuse any other exchange', () => {
    expect(rabbitGatewayTopicAllowed(devices, 'other', 'write', 'vigil.v1.devices.CAM-1.heartbeat')).toBe(false);
  });
});
