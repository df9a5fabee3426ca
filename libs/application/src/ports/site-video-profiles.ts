import type { SiteClass, VideoThresholds } from '@vigil/domain';

/** What the video checks of one site go by ([14]): its local day (time zone), its class and its contract's thresholds. */
export interface SiteVideoProfile {
  siteId: string;
  timeZone: string;
  siteClass: SiteClass;
  /** The site's contract's video thresholds merged over the defaults (the defaults when it has no contract). */
  thresholds: VideoThresholds;
}

/**
 * The video profile of every site, held in memory for the hot path (ingest asks on every heartbeat that reports video):
 * answers at once, never waits for the database; a site it does not know yet gets the defaults in UTC until its next refresh.
 */
export abstract class SiteVideoProfiles {
  abstract profileOf(siteId: string): SiteVideoProfile;
}
