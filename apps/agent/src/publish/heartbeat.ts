import type { DeviceType } from '@vigil/domain';
import type { DeviceReading } from '../sources/health-source';
import type { QueuedMessage } from './disk-queue';

/** CONTRACT: a heartbeat is at most 16 KiB. */
export const MAX_HEARTBEAT_BYTES = 16 * 1024;

export const heartbeatTopic = (deviceId: string): string => `vigil/v1/devices/${deviceId}/heartbeat`;

/** A reading as the contract's heartbeat, or null when it would be too large to be accepted. */
export function heartbeatOf(r: DeviceReading, type: DeviceType, seq: number): QueuedMessage | null {
  const body: Record<string, unknown> = { ts: r.at.toISOString(), seq, type };
  if (r.fw !== undefined && r.fw !== '') body.fw = r.fw;
  body.health = r.health;
  const payload = JSON.stringify(body);
  return Buffer.byteLength(payload) > MAX_HEARTBEAT_BYTES ? null : { topic: heartbeatTopic(r.deviceId), payload };
}
