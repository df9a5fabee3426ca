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
}

export const GENESIS_HASH = '0'.repeat(64);
