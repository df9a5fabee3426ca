import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { DeviceStatusFeed, InternalBus, type DeviceStatusChange } from '@vigil/application';

const CHANNEL = 'device-status';

/** Carries status changes from the ingest process to the consoles' live views. */
@Injectable()
export class DeviceStatusRelay implements OnModuleInit, OnModuleDestroy {
  private subscription: Subscription | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly feed: DeviceStatusFeed, private readonly bus: InternalBus) {}

  onModuleInit(): void {
    this.subscription = this.feed.local$.subscribe((changes) => this.bus.publish(CHANNEL, { changes }));
    // checked against the channel's schema by the bus
    this.unsubscribe = this.bus.subscribe(CHANNEL, (body) => this.feed.publishedElsewhere((body as { changes: DeviceStatusChange[] }).changes));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.unsubscribe?.();
  }
}
