import type { DeviceStatus } from '../assets/device-type';
import type { Condition } from '../health/condition';

/** A change of a device's health, as the ingest saw it; the log of these is the device's history. */
export type DeviceChange =
  | { kind: 'status-changed'; from: DeviceStatus; to: DeviceStatus; reason?: string }
  | { kind: 'condition-raised'; condition: Condition }
  | { kind: 'condition-cleared'; condition: Condition }
  | { kind: 'firmware-changed'; from: string | null; to: string };

export interface DeviceEvent {
  deviceId: string;
  siteId: string;
  at: Date;
  change: DeviceChange;
}

/** An event once stored: its id orders the log and is what consumers remember. */
export interface StoredDeviceEvent extends DeviceEvent {
  id: number;
}
