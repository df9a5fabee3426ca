export type AuditAction = 'create' | 'update' | 'delete' | 'login' | 'login-failed' | 'login-throttled' | 'access-denied' | 'import' | string;

/** What a caller asks to record; the chain fields are added by the writer. */
export interface AuditRecord {
  at: Date;
  actor: string;
  role: string;
  action: AuditAction;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditEntry extends AuditRecord {
  id: number;
  prevHash: string;
  hash: string;
  /** Whose entry it is (see auditOwner), derived when appended and kept beside it: not part of the hash. */
  siteId?: string | null;
  customerId?: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/** What an export carries in place of an entry its reader may not see: enough to check the links around it, nothing of its content. */
export interface WithheldEntry {
  id: number;
  prevHash: string;
  hash: string;
  withheld: true;
}

export const withhold = (e: AuditEntry): WithheldEntry => ({ id: e.id, prevHash: e.prevHash, hash: e.hash, withheld: true });
