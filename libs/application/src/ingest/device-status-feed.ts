import { Injectable } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import type { DeviceStatus } from '@vigil/domain';

export interface DeviceStatusChange {
  deviceId: string;
  siteId: string;
  status: DeviceStatus;
  at: string;
}

/** Status changes as ingest stored them, for live views; relayed to the other processes. */
@Injectable()
export class DeviceStatusFeed {
  private readonly all = new Subject<DeviceStatusChange[]>();
  private readonly local = new Subject<DeviceStatusChange[]>();

  publish(changes: DeviceStatusChange[]): void {
    if (changes.length === 0) return;
    this.local.next(changes);
    this.all.next(changes);
  }

  publishedElsewhere(changes: DeviceStatusChange[]): void {
    if (changes.length > 0) this.all.next(changes);
  }

  get changes$(): Observable<DeviceStatusChange[]> {
    return this.all.asObservable();
  }

  get local$(): Observable<DeviceStatusChange[]> {
    return this.local.asObservable();
  }
}
