import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AMQP_TOPOLOGY, heartbeatRoutingKey, topicOfRoutingKey } from './amqp-partition-source';

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

  it("should fan VQD reports out like status messages, in the code's topology and the broker's definitions alike ([14])", () => {
    expect(topicOfRoutingKey('vigil.v1.devices.CAM.0-a.vqd')).toBe('vigil/v1/devices/CAM.0-a/vqd');
    const definitions = JSON.parse(readFileSync(join(__dirname, '../../../../deploy/rabbitmq/definitions.json'), 'utf8')) as {
      bindings: { source: string; destination: string; routing_key: string }[];
    };
    const fanned = definitions.bindings.filter((b) => b.source === AMQP_TOPOLOGY.mqttExchange && b.destination === AMQP_TOPOLOGY.statusExchange).map((b) => b.routing_key);
    expect(fanned.sort()).toEqual([AMQP_TOPOLOGY.statusKey, AMQP_TOPOLOGY.vqdKey].sort());
  });
});
