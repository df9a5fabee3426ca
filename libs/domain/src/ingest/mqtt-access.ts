import { parseDeviceTopic } from './device-topic';

/** Who a broker client is, once it has connected. */
export type MqttIdentity =
  | { kind: 'platform' }
  | { kind: 'device'; deviceId: string }
  /** A gateway ([15]) with the devices assigned to it at the moment of the check. */
  | { kind: 'gateway'; gatewayId: string; devices: ReadonlySet<string> }
  /** Only with VIGIL_MQTT_AUTH=off (the lab switch): a client without valid credentials. */
  | { kind: 'stranger' };

/** The platform's own notices between its processes; no client but the platform reads or writes under it. */
export const INTERNAL_TOPIC_ROOT = 'vigil/internal/';
const DEVICE_ROOT = 'vigil/v1/devices/';

function deviceSubtree(deviceId: string): string {
  return `${DEVICE_ROOT}${deviceId}/`;
}

/** Could this filter match an internal topic? (`#`, `vigil/#`, `+/internal/…`, …) */
function reachesInternal(filter: string): boolean {
  const want = INTERNAL_TOPIC_ROOT.slice(0, -1).split('/');
  const parts = filter.split('/');
  for (let i = 0; i < want.length; i += 1) {
    const part = parts[i];
    if (part === undefined) return false;
    if (part === '#') return true;
    if (part !== '+' && part !== want[i]) return false;
  }
  return true;
}

/** A gateway publishes exactly `vigil/v1/devices/{id}/heartbeat|status|vqd` of a device assigned to it, nothing else. */
export function gatewayMayPublish(devices: ReadonlySet<string>, topic: string): boolean {
  const parsed = parseDeviceTopic(topic);
  return parsed.ok && devices.has(parsed.deviceId);
}

/**
 * A device publishes only under its own subtree; the platform anywhere but `$` topics; a lab-switch stranger
 * anywhere but the internal and `$` topics.
 */
export function mayPublish(who: MqttIdentity, topic: string): boolean {
  if (who.kind === 'gateway') return gatewayMayPublish(who.devices, topic);
  // what a client may receive, less the broker's own `$` topics
  return !topic.startsWith('$') && mayReceive(who, topic);
}

/** A device subscribes only inside its own subtree (no wildcard above it), a gateway to nothing; a stranger to anything but internal topics. */
export function maySubscribe(who: MqttIdentity, filter: string): boolean {
  switch (who.kind) {
    case 'platform':
      return true;
    case 'device':
      return filter.startsWith(deviceSubtree(who.deviceId));
    case 'gateway':
      return false;
    case 'stranger':
      return !filter.startsWith('$') && !reachesInternal(filter);
  }
}

/**
 * The last guard on delivery, whatever a subscription matched (even one inherited with a session): internal
 * notices reach the platform only, and a device hears nothing but its own subtree.
 */
export function mayReceive(who: MqttIdentity, topic: string): boolean {
  switch (who.kind) {
    case 'platform':
      return true;
    case 'device':
      return topic.startsWith(deviceSubtree(who.deviceId));
    case 'gateway':
      return false;
    case 'stranger':
      return !topic.startsWith(INTERNAL_TOPIC_ROOT);
  }
}
