/** What the archive page asks for: one of a contract, site or device, a period of months, the kinds (none: all). */
export interface ArchiveFilter {
  level: 'contract' | 'site' | 'device';
  id: string;
  /** YYYY-MM, in the contract's zone; '' for the server's default (eleven months before `to`). */
  from: string;
  to: string;
  kinds: string[];
}

/** The query of `GET /api/archive` (and its exports) for a filter; null until something is picked. */
export function archiveQuery(f: ArchiveFilter): Record<string, string | undefined> | null {
  if (!f.id) return null;
  const key = f.level === 'contract' ? 'contractId' : f.level === 'site' ? 'siteId' : 'deviceId';
  return { [key]: f.id, from: f.from || undefined, to: f.to || undefined, kinds: f.kinds.length ? f.kinds.join(',') : undefined };
}

/** The half years a report can be asked for, newest first: `2026H2`, `2026H1`, … (`count` of them up to `now`'s). */
export function recentHalves(now: Date, count = 4): string[] {
  let year = now.getFullYear();
  let half = now.getMonth() < 6 ? 1 : 2;
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    out.push(`${year}H${half}`);
    if (half === 2) half = 1;
    else {
      half = 2;
      year -= 1;
    }
  }
  return out;
}

/** A share 0–1 as people read it ("87.5%"); "—" without one. */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${Math.round(share * 1000) / 10}%`;
}
