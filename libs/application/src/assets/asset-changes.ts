import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { SharedFeed } from '../events/shared-feed';
import { InternalBus } from '../ports';

export const ASSET_CHANGES_CHANNEL = 'asset-changes';

/** Tells the parts that cache the register (ingest) which devices changed, in this process or another. */
@Injectable()
export class AssetChanges implements OnModuleDestroy {
  private readonly feed: SharedFeed<{ ids: string[] }>;
  private readonly changed: Observable<string[]>;

  constructor(bus: InternalBus) {
    this.feed = new SharedFeed(bus, ASSET_CHANGES_CHANNEL);
    this.changed = this.feed.events$.pipe(map((e) => e.ids));
  }

  devicesChanged(ids: string[]): void {
    if (ids.length > 0) this.feed.publish({ ids });
  }

  get changed$(): Observable<string[]> {
    return this.changed;
  }

  onModuleDestroy(): void {
    this.feed.close();
  }
}
