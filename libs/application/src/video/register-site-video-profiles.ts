import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DEFAULT_VIDEO_THRESHOLDS, mergeFaultRules, type FaultRules } from '@vigil/domain';
import { ContractRepository, SchedulerPort, SiteRepository, SiteVideoProfiles, type Cancel, type SiteVideoProfile } from '../ports';

const REFRESH_MS = 60_000;

/**
 * Site video profiles read from the register (site zones, contract thresholds) and kept in memory, reread every minute
 * and on `refresh()`. Every site is of class `general` until sites carry a class of their own (feat/video-ingest
 * brings `siteClass` and its own implementation of the port, which replaces this one).
 */
@Injectable()
export class RegisterSiteVideoProfiles extends SiteVideoProfiles implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RegisterSiteVideoProfiles.name);
  private profiles = new Map<string, SiteVideoProfile>();
  private timer: Cancel | null = null;

  constructor(
    private readonly sites: SiteRepository,
    private readonly contracts: ContractRepository,
    private readonly scheduler: SchedulerPort,
  ) {
    super();
  }

  profileOf(siteId: string): SiteVideoProfile {
    return this.profiles.get(siteId) ?? { siteId, timeZone: 'UTC', siteClass: 'general', thresholds: DEFAULT_VIDEO_THRESHOLDS };
  }

  async refresh(): Promise<void> {
    const [sites, contracts] = await Promise.all([this.sites.listAll(), this.contracts.list()]);
    const rules = new Map(contracts.map((c) => [c.id, mergeFaultRules(c.faultRules as Partial<FaultRules> | null)]));
    this.profiles = new Map(
      sites.map((s) => [
        s.id,
        { siteId: s.id, timeZone: s.timeZone, siteClass: 'general', thresholds: (s.contractId ? rules.get(s.contractId)?.video : undefined) ?? DEFAULT_VIDEO_THRESHOLDS },
      ]),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh().catch((e: unknown) => this.logger.warn(`site video profiles not read: ${String(e)}`));
    this.timer = this.scheduler.every(REFRESH_MS, () => this.refresh(), 'site-video-profiles');
  }

  onApplicationShutdown(): void {
    this.timer?.();
  }
}
