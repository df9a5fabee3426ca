import { DEVICE_ID_PATTERN } from '../assets/device-type';

export const HEARTBEAT_TOPIC_FILTER = 'vigil/v1/devices/+/heartbeat';
export const STATUS_TOPIC_FILTER = 'vigil/v1/devices/+/status';
/** Video-quality-diagnosis results ([14]), from a camera or a diagnosis server for it. */
export const VQD_TOPIC_FILTER = 'vigil/v1/devices/+/vqd';
/** Every device topic ingest reads. */
export const DEVICE_TOPIC_FILTERS = [HEARTBEAT_TOPIC_FILTER, STATUS_TOPIC_FILTER, VQD_TOPIC_FILTER] as const;

export const DEVICE_CHANNELS = ['heartbeat', 'status', 'vqd'] as const;
export type DeviceChannel = (typeof DEVICE_CHANNELS)[number];
export type DeviceTopic = { ok: true; deviceId: string; channel: DeviceChannel } | { ok: false; reason: 'bad-topic' };

/** vigil/v1/devices/{deviceId}/heartbeat|status|vqd */
export function parseDeviceTopic(topic: string): DeviceTopic {
  const parts = topic.split('/');
  if (parts.length !== 5 || parts[0] !== 'vigil' || parts[1] !== 'v1' || parts[2] !== 'devices') return { ok: false, reason: 'bad-topic' };
  const [, , , deviceId, channel] = parts;
  if (!DEVICE_ID_PATTERN.test(deviceId) || !(DEVICE_CHANNELS as readonly string[]).includes(channel)) return { ok: false, reason: 'bad-topic' };
  return { ok: true, deviceId, channel: channel as DeviceChannel };
}

export function heartbeatTopic(deviceId: string): string {
  return `vigil/v1/devices/${deviceId}/heartbeat`;
}

export function statusTopic(deviceId: string): string {
  return `vigil/v1/devices/${deviceId}/status`;
}

export function vqdTopic(deviceId: string): string {
  return `vigil/v1/devices/${deviceId}/vqd`;
}
