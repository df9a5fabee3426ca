import { heartbeatRoutingKey, topicOfRoutingKey } from './amqp-partition-source';

describe('RabbitMQ routing keys of device topics', () => {
  it('should read the device id between vigil.v1.devices. and the channel, dots and all', () => {
    expect(topicOfRoutingKey('vigil.v1.devices.CAM-1.heartbeat')).toBe('vigil/v1/devices/CAM-1/heartbeat');
    expect(topicOfRoutingKey('vigil.v1.devices.CAM.0-a.b.status')).toBe('vigil/v1/devices/CAM.0-a.b/status');
    // anything else keeps its levels, and ingest drops it as a bad topic
    expect(topicOfRoutingKey('other.topic')).toBe('other/topic');
    expect(topicOfRoutingKey('vigil.v1.devices.x')).toBe('vigil/v1/devices/x');
  });

  it('should give a probe the very routing key of the device’s heartbeats, so the hash puts both in one partition', () => {
    for (const id of ['CAM-1', 'a.b.c']) expect(topicOfRoutingKey(heartbeatRoutingKey(id))).toBe(`vigil/v1/devices/${id}/heartbeat`);
    expect(heartbeatRoutingKey('a.b')).toBe('vigil.v1.devices.a.b.heartbeat');
  });
});
