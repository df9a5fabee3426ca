/** Every kind of equipment the contract covers (DOMAIN.md "The network under contract"). */
export const DEVICE_TYPES = [
  'dvr',
  'nvr',
  'camera',
  'ptz',
  'switch',
  'server',
  'video-matrix',
  'video-wall',
  'wall-controller',
  'projector',
  'monitor',
  'audio-mixer',
  'equaliser',
  'amplifier',
  'speaker',
  'microphone',
  'audio-matrix',
  'conference-host',
  'conference-unit',
  'ups',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** Types that send MQTT heartbeats; the rest are covered by patrol checklists. */
export const HEARTBEAT_TYPES: readonly DeviceType[] = ['dvr', 'nvr', 'camera', 'switch', 'server'];

export function isDeviceType(value: unknown): value is DeviceType {
  return typeof value === 'string' && (DEVICE_TYPES as readonly string[]).includes(value);
}

export function sendsHeartbeats(type: DeviceType): boolean {
  return HEARTBEAT_TYPES.includes(type);
}

/**
 * A device as people see it: `monitored` false for a type that sends no heartbeats, whose status stays
 * `unknown` for good (the status enum is the contract's; patrols cover these devices).
 */
export function withMonitoring<T extends { type: DeviceType }>(device: T): T & { monitored: boolean } {
  return { ...device, monitored: sendsHeartbeats(device.type) };
}

export const DEVICE_STATUSES = ['online', 'offline', 'degraded', 'unknown'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export const CRITICALITIES = ['low', 'normal', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/** deviceId rule from CONTRACT.md: 1–64 of A-Z a-z 0-9 . _ - */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
