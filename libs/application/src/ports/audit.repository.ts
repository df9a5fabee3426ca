import type { AuditCheckpoint, AuditEntry, AuditHead, AuditRecord, AuditVisibility, Page, PageRequest } from '@vigil/domain';

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actor?: string;
  from?: Date;
  to?: Date;
  /** Only the entries a scoped user may see (see auditVisible); absent: all. */
  visibleTo?: AuditVisibility;
}

export abstract class AuditRepository {
  /**
   * Appends to the hash chain and rewrites the signed head in the same transaction; writers are serialised
   * so the chain never forks. Call inside a transaction.
   */
  abstract append(record: AuditRecord): Promise<AuditEntry>;
  abstract list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>>;
  /** Entries with id > afterId (and matching the filter), oldest first: for walking the chain in constant memory. */
  abstract page(afterId: number, limit: number, filter?: AuditFilter): Promise<AuditEntry[]>;
  abstract head(): Promise<{ id: number; hash: string; count: number } | null>;
  /** The signed head and the newest stored entry's id, read together under the chain lock. */
  abstract signedHead(): Promise<{ head: AuditHead | null; lastEntryId: number | null }>;
  abstract checkpoints(): Promise<AuditCheckpoint[]>;
  abstract addCheckpoint(checkpoint: Omit<AuditCheckpoint, 'id'>): Promise<AuditCheckpoint>;
  /**
   * Retention: removes every entry with id ≤ `id` (on PostgreSQL past the append-only guard, for this
   * transaction only) and lowers the signed head's count by as many; answers how many.
   */
  abstract purgeThrough(id: number): Promise<number>;
  /** Key rotation: signs every checkpoint and the head again with `key`, under the chain lock; answers how many checkpoints. */
  abstract resign(key: string): Promise<number>;
}
