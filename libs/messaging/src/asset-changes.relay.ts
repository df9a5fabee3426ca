import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { AssetChanges, InternalBus } from '@vigil/application';

const CHANNEL = 'asset-changes';

/** Carries "these devices changed" from the process that changed them to every other process. */
@Injectable()
export class AssetChangesRelay implements OnModuleInit, OnModuleDestroy {
  private subscription: Subscription | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly assets: AssetChanges, private readonly bus: InternalBus) {}

  onModuleInit(): void {
    this.subscription = this.assets.changedHere$.subscribe((ids) => this.bus.publish(CHANNEL, { ids }));
    // checked against the channel's schema by the bus
    this.unsubscribe = this.bus.subscribe(CHANNEL, (body) => this.assets.devicesChangedElsewhere((body as { ids: string[] }).ids));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.unsubscribe?.();
  }
}
