import { Injectable } from '@nestjs/common';
import type { ArchiveEntry } from '@vigil/domain';

/** What an archive is of, already checked against the reader's scope. */
export interface ArchiveScope {
  level: 'device' | 'site' | 'contract';
  id: string;
  /** The sites whose records count: for a site its sub-sites too, for a contract its sites; only those the reader may see. */
  siteIds: string[];
  /** A device's archive: only its records. */
  deviceId: string | null;
  contractId: string | null;
  /** Months and local times are this zone's (the contract's, else the site's). */
  timeZone: string;
}

export interface ArchiveQuery {
  scope: ArchiveScope;
  /** The period: [from, to). */
  from: Date;
  to: Date;
  /** Where something still under way stops counting: `to`, or now if sooner. */
  end: Date;
  /** A source stops after this many entries and says it was cut short. */
  limit: number;
}

export interface ArchiveContribution {
  entries: ArchiveEntry[];
  /** More records matched than `limit`. */
  truncated: boolean;
}

/**
 * One kind of record in the maintenance archive (维护保养档案): device history, faults, patrols, service
 * records, feedback … Each source reads its own records for a scope and period and turns them into
 * archive entries; it registers itself with the ArchiveRegistry when its module starts.
 */
export abstract class ArchiveSource {
  /** The entry kinds it contributes (e.g. ['fault', 'repair']): asked for only when one of them is wanted. */
  abstract readonly kinds: readonly string[];
  abstract entries(query: ArchiveQuery): Promise<ArchiveContribution>;
}

/**
 * The sources of the archive. A module adding a kind of record provides an ArchiveSource and registers it
 * in `onModuleInit` (`registry.register(this)`); the archive service asks every registered source.
 */
@Injectable()
export class ArchiveRegistry {
  private readonly sources: ArchiveSource[] = [];

  register(source: ArchiveSource): void {
    if (!this.sources.includes(source)) this.sources.push(source);
  }

  all(): readonly ArchiveSource[] {
    return this.sources;
  }

  kinds(): string[] {
    return [...new Set(this.sources.flatMap((s) => s.kinds))];
  }
}
