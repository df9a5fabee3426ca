import { DEVICE_ID_PATTERN } from '../assets/device-type';

/**
 * Devices on RabbitMQ's MQTT listener, as its HTTP auth backend asks (deploy/rabbitmq): the same rules as the embedded broker's
 * (mqtt-access.ts), said in RabbitMQ's terms. Only devices come this way: the platform's own users are RabbitMQ's internal ones,
 * checked before this backend.
 *
 * RabbitMQ turns each `/` of a topic into `.` and keeps a `.` as it is, so device `a`'s topic `vigil/v1/devices/a/b/x` and device
 * `a.b`'s `vigil/v1/devices/a.b/x` are the same routing key. A device's routing keys are therefore exactly
 * `vigil.v1.devices.{id}.{one word}`: `a` may not publish `vigil.v1.devices.a.b.heartbeat`, which ingest reads as `a.b`'s, nor
 * bind `vigil.v1.devices.a.#`, which would match `a.b`'s; `vigil.v1.devices.a.*` is fine.
 */
export type RabbitPermission = 'configure' | 'write' | 'read';

/** The exchange RabbitMQ's MQTT plugin publishes to and binds subscriptions on. */
export const RABBIT_MQTT_EXCHANGE = 'amq.topic';

/** A gateway ([15]) writes `vigil.v1.devices.{id}.heartbeat|status|vqd` of its assigned devices only, and reads nothing. */
export function rabbitGatewayTopicAllowed(devices: ReadonlySet<string>, exchange: string, permission: RabbitPermission, routingKey: string): boolean {
  if (exchange !== RABBIT_MQTT_EXCHANGE || permission !== 'write') return false;
  const match = /^vigil\.v1\.devices\.(.+)\.(heartbeat|status|vqd)$/.exec(routingKey);
  // an id with a dot would be read back by ingest as another topic level: the whole key must be one assigned id and one channel
  return match !== null && devices.has(match[1]);
}

/** Whether this user name can be a device (ids are A-Z a-z 0-9 . _ -). */
export function isDeviceUsername(username: string): boolean {
  return DEVICE_ID_PATTERN.test(username);
}

/** A device uses one virtual host, the one the MQTT listener is configured with. */
export function rabbitVhostAllowed(vhost: string, mqttVhost: string): boolean {
  return vhost === mqttVhost;
}

/**
 * Exchanges and queues: publishing to (and binding its subscriptions on) the MQTT exchange, and the queues the MQTT plugin
 * makes for its own subscriptions (`mqtt-subscription-{client id}qos{0|1}`); nothing of ingest's partitions.
 */
export function rabbitResourceAllowed(resource: string, name: string, permission: RabbitPermission): boolean {
  if (resource === 'exchange') return name === RABBIT_MQTT_EXCHANGE && (permission === 'write' || permission === 'read');
  if (resource === 'queue') return /^mqtt-subscription-.+qos[01]$/.test(name);
  return false;
}

/** Topic permission on the MQTT exchange: only the device's own `vigil.v1.devices.{id}.{word}` (a read may use `*` as the word). */
export function rabbitTopicAllowed(deviceId: string, exchange: string, permission: RabbitPermission, routingKey: string): boolean {
  if (exchange !== RABBIT_MQTT_EXCHANGE) return false;
  const own = `vigil.v1.devices.${deviceId}.`;
  if (!routingKey.startsWith(own)) return false;
  const rest = routingKey.slice(own.length);
  if (permission === 'write') return /^[^.*#]+$/.test(rest);
  if (permission === 'read') return /^([^.*#]+|\*)$/.test(rest);
  return false;
}
