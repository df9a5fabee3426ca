import type { AuditEntry, AuditRecord, Page, PageRequest } from '@vigil/domain';

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actor?: string;
  from?: Date;
  to?: Date;
}

export abstract class AuditRepository {
  /** Appends to the hash chain; writers are serialised so the chain never forks. Call inside a transaction. */
  abstract append(record: AuditRecord): Promise<AuditEntry>;
  abstract list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>>;
}
