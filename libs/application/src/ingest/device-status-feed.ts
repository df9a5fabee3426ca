import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import type { DeviceStatus } from '@vigil/domain';
import { SharedFeed } from '../events/shared-feed';
import { InternalBus } from '../ports';

export const DEVICE_STATUS_CHANNEL = 'device-status';

export interface DeviceStatusChange {
  deviceId: string;
  siteId: string;
  status: DeviceStatus;
  at: string;
}

/** Status changes as ingest stored them, for the live views of every process. */
@Injectable()
export class DeviceStatusFeed implements OnModuleDestroy {
  private readonly feed: SharedFeed<{ changes: DeviceStatusChange[] }>;
  private readonly changes: Observable<DeviceStatusChange[]>;

  constructor(bus: InternalBus) {
    this.feed = new SharedFeed(bus, DEVICE_STATUS_CHANNEL);
    this.changes = this.feed.events$.pipe(map((e) => e.changes));
  }

  publish(changes: DeviceStatusChange[]): void {
    if (changes.length > 0) this.feed.publish({ changes });
  }

  get changes$(): Observable<DeviceStatusChange[]> {
    return this.changes;
  }

  onModuleDestroy(): void {
    this.feed.close();
  }
}
