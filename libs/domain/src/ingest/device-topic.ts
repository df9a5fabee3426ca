import { DEVICE_ID_PATTERN } from '../assets/device-type';

export const HEARTBEAT_TOPIC_FILTER = 'vigil/v1/devices/+/heartbeat';
export const STATUS_TOPIC_FILTER = 'vigil/v1/devices/+/status';

export type DeviceChannel = 'heartbeat' | 'status';
export type DeviceTopic = { ok: true; deviceId: string; channel: DeviceChannel } | { ok: false; reason: 'bad-topic' };

/** vigil/v1/devices/{deviceId}/heartbeat|status */
export function parseDeviceTopic(topic: string): DeviceTopic {
  const parts = topic.split('/');
  if (parts.length !== 5 || parts[0] !== 'vigil' || parts[1] !== 'v1' || parts[2] !== 'devices') return { ok: false, reason: 'bad-topic' };
  const [, , , deviceId, channel] = parts;
  if (!DEVICE_ID_PATTERN.test(deviceId) || (channel !== 'heartbeat' && channel !== 'status')) return { ok: false, reason: 'bad-topic' };
  return { ok: true, deviceId, channel };
}

export function heartbeatTopic(deviceId: string): string {
  return `vigil/v1/devices/${deviceId}/heartbeat`;
}

export function statusTopic(deviceId: string): string {
  return `vigil/v1/devices/${deviceId}/status`;
}
