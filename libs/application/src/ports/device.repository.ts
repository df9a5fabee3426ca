import type { Device, DeviceStatus, DeviceType, Page, PageRequest } from '@vigil/domain';

export interface DeviceFilter {
  siteId?: string;
  type?: DeviceType;
  status?: DeviceStatus;
  parentId?: string;
  q?: string;
  /** true: only the types that send heartbeats; false: only the others. */
  monitored?: boolean;
  /** A user's scope (null or absent: every site). */
  siteIds?: string[] | null;
}

export abstract class DeviceRepository {
  abstract findById(id: string): Promise<Device | null>;
  abstract findByIds(ids: string[]): Promise<Device[]>;
  abstract list(filter: DeviceFilter, page: PageRequest): Promise<Page<Device>>;
  abstract listAll(): Promise<Device[]>;
  abstract allIds(): Promise<string[]>;
  abstract insert(device: Device): Promise<void>;
  abstract update(device: Device): Promise<void>;
  /** Many new devices at once, in bounded multi-row statements (an import). */
  abstract insertMany(devices: Device[]): Promise<void>;
  /** Many devices' inventory fields (those an inventory file sets) and updatedAt at once; status and liveness stay as ingest wrote them. */
  abstract updateInventory(devices: Device[]): Promise<void>;
  abstract delete(id: string): Promise<void>;
  abstract countChildren(id: string): Promise<number>;
  abstract countBySite(siteId: string): Promise<number>;
  /** Heartbeat devices of a site: how many there are, how many are offline, and the longest heartbeat interval among them. */
  abstract heartbeatCounts(siteId: string): Promise<{ total: number; offline: number; maxIntervalSec: number }>;
  /** Heartbeat devices at every other site: how many are offline, and the longest interval among those still heard. */
  abstract heartbeatsElsewhere(siteId: string): Promise<{ offline: number; maxIntervalSec: number }>;
  /** Device counts per site and status, in one query: the estate at a glance without listing devices. */
  abstract countsBySiteAndStatus(siteIds?: string[] | null): Promise<{ siteId: string; status: string; type: string; count: number }[]>;
}
