import type { FaultLevel } from '@vigil/domain/sla/sla-policy';
import { LEVELS, type WallSite } from './types';

/** What makes a site's trouble worse than another's, most important first. */
export interface Severity {
  /** The most severe level with an open fault (1 is the worst); null when the site has none. */
  worst: FaultLevel | null;
  /** Open faults at that level. */
  count: number;
  /** When the oldest open fault at that level opened (ms since the epoch); null when unknown. */
  since: number | null;
  offline: number;
  degraded: number;
}

export function severityOf(site: WallSite): Severity {
  const worst = LEVELS.find((l) => site.faults[l] > 0) ?? null;
  const oldest = worst === null ? null : (site.oldestOpenAt?.[worst] ?? null);
  const since = oldest === null ? null : Date.parse(oldest);
  return {
    worst,
    count: worst === null ? 0 : site.faults[worst],
    since: since === null || Number.isNaN(since) ? null : since,
    offline: site.devices.offline,
    degraded: site.devices.degraded,
  };
}

/** Worst level first (a site without faults last), then more faults at it, then the longest waiting, then more devices down; then by code. */
export function compareSites(a: WallSite, b: WallSite): number {
  const x = severityOf(a);
  const y = severityOf(b);
  return (
    (x.worst ?? 9) - (y.worst ?? 9) ||
    y.count - x.count ||
    (x.since ?? Infinity) - (y.since ?? Infinity) ||
    y.offline - x.offline ||
    y.degraded - x.degraded ||
    a.code.localeCompare(b.code)
  );
}

/** A site worth a row on the wall: it has devices, or faults (a region that only groups other sites has neither). */
export function isShown(site: WallSite): boolean {
  return site.devices.total > 0 || LEVELS.some((l) => site.faults[l] > 0);
}

export function needsAttention(site: WallSite): boolean {
  return LEVELS.some((l) => site.faults[l] > 0) || site.devices.offline > 0;
}

/** The sites the wall shows, the worst first. */
export function orderBySeverity(sites: readonly WallSite[]): WallSite[] {
  // NaN-free keys make the comparison a total order, so Array#sort is stable and deterministic
  return sites.filter(isShown).sort(compareSites);
}

/** Online rate over the devices that send heartbeats (degraded ones are online); null when none do. */
export function onlineRate(sites: readonly WallSite[]): number | null {
  let up = 0;
  let monitored = 0;
  for (const s of sites) {
    up += s.devices.online + s.devices.degraded;
    monitored += s.devices.total - s.devices.notMonitored;
  }
  return monitored > 0 ? up / monitored : null;
}
