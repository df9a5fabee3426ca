import type { StoredDeviceEvent } from '@vigil/domain';

/** Whose events: the devices of these sites, or the one device. */
export interface DeviceEventScope {
  siteIds: readonly string[];
  deviceId?: string | null;
}

/** The device event log read by period, for the archive: pages in log order, so a year is read in bounded memory. */
export abstract class DeviceEventHistory {
  /** Events of the scope within [from, to) with an id after `afterId`, in id order; at most `limit`. */
  abstract within(scope: DeviceEventScope, from: Date, to: Date, afterId: number, limit: number): Promise<StoredDeviceEvent[]>;
  /** Each device's last status change before `before` (what it was doing as a period began). */
  abstract lastStatusBefore(scope: DeviceEventScope, before: Date): Promise<StoredDeviceEvent[]>;
}
