import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { Fault } from '@vigil/domain';
import { SharedFeed } from '../events/shared-feed';
import { InternalBus } from '../ports';

export const FAULT_NOTICES_CHANNEL = 'fault-notices';

export type FaultNoticeType = 'opened' | 'updated' | 'cleared';
export interface FaultNotice {
  type: FaultNoticeType;
  fault: Fault;
}

/** Faults as they change, for the dashboards of every process; a lost notice is repaired by the next snapshot. */
@Injectable()
export class FaultNotices implements OnModuleDestroy {
  private readonly feed: SharedFeed<FaultNotice>;

  constructor(bus: InternalBus) {
    this.feed = new SharedFeed(bus, FAULT_NOTICES_CHANNEL);
  }

  publish(notice: FaultNotice): void {
    this.feed.publish(notice);
  }

  get notices$(): Observable<FaultNotice> {
    return this.feed.events$;
  }

  onModuleDestroy(): void {
    this.feed.close();
  }
}
