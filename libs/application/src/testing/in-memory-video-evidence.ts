import { DEFAULT_VIDEO_THRESHOLDS, mergeVideoDayRows, type SiteClass, type VideoChannel, type VideoDayRow } from '@vigil/domain';
import { SiteVideoProfiles, VideoEvidenceRepository, type SiteVideoProfile } from '../ports';

/** Video evidence rows in a map, merged as the database merges them; `failNext` makes writes fail. */
export class InMemoryVideoEvidence extends VideoEvidenceRepository {
  readonly rows = new Map<string, VideoDayRow>();
  failNext = 0;
  writes = 0;

  async upsert(rows: VideoDayRow[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('database gone');
    }
    this.writes++;
    for (const r of rows) {
      const key = `${r.deviceId}|${r.ch}|${r.day}`;
      const stored = this.rows.get(key);
      this.rows.set(key, structuredClone(stored ? mergeVideoDayRows(stored, r) : r));
    }
  }
  async rowsOf(siteIds: string[], fromDay: string, toDay: string): Promise<VideoDayRow[]> {
    return [...this.rows.values()].filter((r) => siteIds.includes(r.siteId) && r.day >= fromDay && r.day <= toDay);
  }
  async channelsOf(siteIds: string[]): Promise<VideoChannel[]> {
    const first = new Map<string, VideoChannel>();
    for (const r of this.rows.values()) {
      if (!siteIds.includes(r.siteId)) continue;
      const key = `${r.deviceId}|${r.ch}`;
      const c = first.get(key);
      if (!c || r.day < c.firstDay) first.set(key, { deviceId: r.deviceId, siteId: r.siteId, ch: r.ch, firstDay: r.day });
    }
    return [...first.values()];
  }
  async latestOfDevices(deviceIds: string[]): Promise<VideoDayRow[]> {
    return deviceIds.flatMap((id) => {
      const own = [...this.rows.values()].filter((r) => r.deviceId === id);
      const latest = own.reduce((d, r) => (r.day > d ? r.day : d), '');
      return own.filter((r) => r.day === latest);
    });
  }
}

/** Site video profiles from a fixed table: a site it does not know gets the defaults in UTC, as the port says. */
export class FixedSiteVideoProfiles extends SiteVideoProfiles {
  constructor(private readonly sites: Record<string, { timeZone: string; siteClass?: SiteClass }> = {}) {
    super();
  }
  profileOf(siteId: string): SiteVideoProfile {
    const s = this.sites[siteId];
    return { siteId, timeZone: s?.timeZone ?? 'UTC', siteClass: s?.siteClass ?? 'general', thresholds: DEFAULT_VIDEO_THRESHOLDS };
  }
}
