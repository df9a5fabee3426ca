import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { SharedFeed } from '../events/shared-feed';
import { InternalBus } from '../ports';

export const ASSET_CHANGES_CHANNEL = 'asset-changes';
/** A site or a contract's fault rules changed ([14]): the notice carries nothing, those who cache them reread. */
export const SITE_CHANGES_CHANNEL = 'site-changes';
/** Ids per announcement: an import of any size goes out as messages the bus carries (its schema takes at most 100,000). */
const IDS_PER_MESSAGE = 10_000;

/** Tells the parts that cache the register (ingest) which devices changed, and that sites did, in this process or another. */
@Injectable()
export class AssetChanges implements OnModuleDestroy {
  private readonly feed: SharedFeed<{ ids: string[] }>;
  private readonly changed: Observable<string[]>;
  private readonly sites: SharedFeed<{ at: number }>;

  constructor(bus: InternalBus) {
    this.feed = new SharedFeed(bus, ASSET_CHANGES_CHANNEL);
    this.changed = this.feed.events$.pipe(map((e) => e.ids));
    this.sites = new SharedFeed(bus, SITE_CHANGES_CHANNEL);
  }

  /** Sites were created, edited or deleted, or a contract's fault rules changed: call it after the change is committed. */
  sitesChanged(at: Date): void {
    this.sites.publish({ at: at.getTime() });
  }

  get sitesChanged$(): Observable<unknown> {
    return this.sites.events$;
  }

  devicesChanged(ids: string[]): void {
    for (let i = 0; i < ids.length; i += IDS_PER_MESSAGE) this.feed.publish({ ids: ids.slice(i, i + IDS_PER_MESSAGE) });
  }

  get changed$(): Observable<string[]> {
    return this.changed;
  }

  onModuleDestroy(): void {
    this.feed.close();
    this.sites.close();
  }
}
