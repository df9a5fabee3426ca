/** What the console's video tile draws from GET /api/video/figures (each site's own local today). */
export interface VideoToday {
  completeness: number | null;
  retentionCompliance: number | null;
  intactRate: number | null;
  onlineRate: number | null;
  unknownChannelDays: number;
  sites: { siteId: string; timeZone: string }[];
}

/** A share as people read it, one decimal; unknown (nothing reported) is "—", never 0. */
export function share(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${Math.round(x * 1000) / 10} %`;
}

/** The tile's cells, and the zones its "today" is counted in (each site's own). */
export function videoTile(f: VideoToday): { cells: { key: 'completeness' | 'retention' | 'intact' | 'online'; value: string }[]; zones: string[]; unknown: number } {
  return {
    cells: [
      { key: 'completeness', value: share(f.completeness) },
      { key: 'retention', value: share(f.retentionCompliance) },
      { key: 'intact', value: share(f.intactRate) },
      { key: 'online', value: share(f.onlineRate) },
    ],
    zones: [...new Set(f.sites.map((s) => s.timeZone))].sort(),
    unknown: f.unknownChannelDays,
  };
}
