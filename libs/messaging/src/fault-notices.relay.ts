import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { FaultNotices, InternalBus, type FaultNotice } from '@vigil/application';

const CHANNEL = 'fault-notices';

/**
 * Carries fault changes to the other processes' dashboards; a lost notice is repaired by the next snapshot.
 * The bus hands over notices from elsewhere already checked against the channel's schema, dates as Dates.
 */
@Injectable()
export class FaultNoticesRelay implements OnModuleInit, OnModuleDestroy {
  private subscription: Subscription | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly notices: FaultNotices, private readonly bus: InternalBus) {}

  onModuleInit(): void {
    this.subscription = this.notices.local$.subscribe((notice) => this.bus.publish(CHANNEL, notice));
    this.unsubscribe = this.bus.subscribe(CHANNEL, (body) => this.notices.publishedElsewhere(body as FaultNotice));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.unsubscribe?.();
  }
}
