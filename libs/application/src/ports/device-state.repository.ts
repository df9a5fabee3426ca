import type { Condition, DeviceEvent, DeviceStatus, DeviceType, StoredDeviceEvent } from '@vigil/domain';

/** What ingest needs of a device to judge its heartbeats, and what it keeps of their outcome. */
export interface DeviceStateSnapshot {
  id: string;
  type: DeviceType;
  siteId: string;
  parentId: string | null;
  heartbeatIntervalSec: number;
  firmware: string | null;
  status: DeviceStatus;
  lastSeenAt: Date | null;
  conditions: Condition[];
  lastSeq: number | null;
  lastDeviceTs: Date | null;
  statusChangedAt: Date | null;
  /** Away on a loan (a loaner stands in): its silence says nothing. */
  away?: boolean;
}

export type DeviceStateWrite = Omit<DeviceStateSnapshot, 'type' | 'siteId' | 'parentId' | 'heartbeatIntervalSec' | 'away'>;

/** What a heartbeat that changed nothing leaves behind: when the device was last heard, and its sequence. */
export interface LastSeenWrite {
  id: string;
  lastSeenAt: Date;
  lastSeq: number | null;
  lastDeviceTs: Date | null;
}

/** Seconds a device was online within one UTC hour ('YYYY-MM-DDTHH'). */
export interface OnlineSample {
  deviceId: string;
  hour: string;
  onlineSec: number;
  observedSec: number;
}

export abstract class DeviceStateRepository {
  abstract loadAll(): Promise<DeviceStateSnapshot[]>;
  abstract load(ids: string[]): Promise<DeviceStateSnapshot[]>;
  /** Writes states, appends events and adds online time, all in one transaction. */
  abstract saveBatch(states: DeviceStateWrite[], events: DeviceEvent[], online: OnlineSample[]): Promise<void>;
  /**
   * Bulk: last-seen of devices heard without news, one bounded chunk in one short statement (time-limited
   * where the database allows); never moves a device's last-seen back.
   */
  abstract saveLastSeen(rows: LastSeenWrite[]): Promise<void>;
  /** Bulk: adds online time, one bounded chunk in one short statement (time-limited where the database allows). */
  abstract addOnlineTime(samples: OnlineSample[]): Promise<void>;
}

export abstract class DeviceEventLog {
  abstract readAfter(afterId: number, limit: number): Promise<StoredDeviceEvent[]>;
  abstract history(deviceId: string, limit: number): Promise<StoredDeviceEvent[]>;
  abstract lastId(): Promise<number>;
  /** Removes events older than `before` that every consumer group has already handled; answers how many. */
  abstract purgeHandledBefore(before: Date): Promise<number>;
}

/** Where each consumer group has got to in the event log; one process of a group at a time. */
export abstract class ConsumerOffsets {
  abstract advance(group: string, work: (afterId: number) => Promise<number>): Promise<void>;
}

export interface DiscoveredDevice {
  id: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  messages: number;
  lastTopic: string;
}

export abstract class DiscoveredDeviceRepository {
  abstract record(seen: DiscoveredDevice[]): Promise<void>;
  abstract list(): Promise<DiscoveredDevice[]>;
  abstract remove(id: string): Promise<void>;
  /** Forgets many at once (devices an import registered), in bounded statements. */
  abstract removeMany(ids: string[]): Promise<void>;
}

export interface OnlineHour {
  deviceId: string;
  hour: string;
  onlineSec: number;
  observedSec: number;
}

export abstract class OnlineHistoryRepository {
  abstract forDevice(deviceId: string, fromHour: string, toHour: string): Promise<OnlineHour[]>;
  abstract purgeBefore(hour: string): Promise<number>;
  /** Online and observed seconds per site since an hour ('YYYY-MM-DDTHH'). */
  abstract bySite(fromHour: string, siteIds?: string[] | null): Promise<{ siteId: string; onlineSec: number; observedSec: number }[]>;
  /** The whole estate's online and observed seconds per bucket ('hour': per hour; 'day': per UTC day) since an hour. */
  /** Online and observed seconds in [fromHour, toHour) per site or per device type, of some sites. */
  abstract breakdown(
    fromHour: string,
    toHour: string,
    by: 'site' | 'type' | 'device',
    siteIds: string[] | null,
  ): Promise<{ key: string; onlineSec: number; observedSec: number }[]>;
  /** Online and observed seconds per site and UTC hour, for figures per site-local day. */
  abstract siteHours(fromHour: string, toHour: string, siteIds: string[]): Promise<{ siteId: string; hour: string; onlineSec: number; observedSec: number }[]>;
  abstract series(fromHour: string, bucket: 'hour' | 'day', siteIds?: string[] | null): Promise<{ bucket: string; onlineSec: number; observedSec: number }[]>;
}
