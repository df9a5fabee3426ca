import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DEFAULT_FAULT_RULES, DEFAULT_VIDEO_THRESHOLDS, mergeFaultRules, type FaultRules } from '@vigil/domain';
import type { Subscription } from 'rxjs';
import { AssetChanges } from '../assets/asset-changes';
import { ContractRepository, SchedulerPort, SiteRepository, SiteVideoProfiles, type Cancel, type SiteVideoProfile } from '../ports';

/** How often the profiles are reread even without a notice (a notice lost, a change made behind the application). */
export const PROFILE_REFRESH_MS = 60_000;

/**
 * Every site's video profile in memory ([14]): its zone and class from the register, its contract's video thresholds merged
 * over the defaults. Read at start, every minute, and at once when a site or a contract's fault rules change (in this process
 * or another). A failed read keeps what was known; a site not known yet has the defaults in UTC.
 */
@Injectable()
export class SiteVideoProfilesService extends SiteVideoProfiles implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SiteVideoProfilesService.name);
  private profiles = new Map<string, SiteVideoProfile>();
  private timer: Cancel | null = null;
  private changes: Subscription | null = null;
  private loading: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly sites: SiteRepository,
    private readonly contracts: ContractRepository,
    private readonly scheduler: SchedulerPort,
    private readonly assets: AssetChanges,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    this.changes = this.assets.sitesChanged$.subscribe(() => void this.refresh());
    this.timer = this.scheduler.every(PROFILE_REFRESH_MS, () => this.refresh(), 'site-video-profiles');
    await this.refresh();
  }

  onModuleDestroy(): void {
    this.timer?.();
    this.changes?.unsubscribe();
  }

  profileOf(siteId: string): SiteVideoProfile {
    return this.profiles.get(siteId) ?? { siteId, timeZone: 'UTC', siteClass: 'general', thresholds: DEFAULT_VIDEO_THRESHOLDS };
  }

  /** Rereads every profile; a call while a read runs makes one more read after it, so the newest change is always seen. */
  refresh(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = this.load().finally(() => {
      this.loading = null;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    try {
      const [sites, contracts] = await Promise.all([this.sites.listAll(), this.contracts.list()]);
      const rules = new Map(contracts.map((c) => [c.id, mergeFaultRules(c.faultRules as Partial<FaultRules> | null | undefined)]));
      this.profiles = new Map(
        sites.map((s) => [
          s.id,
          {
            siteId: s.id,
            timeZone: s.timeZone,
            siteClass: s.siteClass ?? 'general',
            thresholds: (s.contractId ? rules.get(s.contractId) : undefined)?.video ?? DEFAULT_FAULT_RULES.video,
          },
        ]),
      );
    } catch (err) {
      this.logger.warn(`reading the sites' video profiles: ${(err as Error).message}; keeping the ones known`);
    }
  }
}
