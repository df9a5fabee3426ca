import type { AuditRecord } from './audit-entry';

/** Whose an audit entry is: a site and/or a customer, or (both null) the whole estate. Kept beside the entry, outside its hash. */
export interface AuditOwner {
  siteId: string | null;
  customerId: string | null;
}

/** Who the visible part of the trail belongs to: sites in scope, customers named whole, and customers read through one of their sites. */
export interface AuditVisibility {
  siteIds: readonly string[];
  /** Customers named whole in the scope: their entries, also of sites since deleted. */
  wholeCustomerIds: readonly string[];
  /** Customers with a site in scope: their entries of no site (the customer record, contracts). */
  readCustomerIds: readonly string[];
}

/** Logins, failed logins, refused accesses and users are the estate's however they are worded. */
const ESTATE_ACTIONS = new Set(['login', 'login-failed', 'access-denied']);
const ESTATE_ENTITIES = new Set(['user', 'audit-trail']);

const idIn = (value: unknown, field: string): string | null => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const id = (value as Record<string, unknown>)[field];
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : null;
};

/**
 * Derived once, when the entry is appended: a site entry is that site's; an entry whose after (else
 * before) names a `siteId` is that site's, a `customerId` that customer's (contracts, sites); a customer
 * entry is that customer's. Everything else (users, logins, refused accesses, settings, windows and
 * rotas over several sites) belongs to the whole estate.
 */
export function auditOwner(record: Pick<AuditRecord, 'action' | 'entity' | 'entityId' | 'before' | 'after'>): AuditOwner {
  if (ESTATE_ACTIONS.has(record.action) || ESTATE_ENTITIES.has(record.entity)) return { siteId: null, customerId: null };
  const body = record.after ?? record.before;
  const entityId = record.entityId !== null && record.entityId.length <= 64 ? record.entityId : null;
  if (record.entity === 'site') return { siteId: entityId, customerId: idIn(body, 'customerId') };
  if (record.entity === 'customer') return { siteId: null, customerId: entityId };
  return { siteId: idIn(body, 'siteId'), customerId: idIn(body, 'customerId') };
}

/** Whether an entry of this owner is visible to a scope (null: the whole trail, for unscoped users). */
export function auditVisible(owner: AuditOwner, visibility: AuditVisibility | null): boolean {
  if (visibility === null) return true;
  if (owner.siteId !== null && visibility.siteIds.includes(owner.siteId)) return true;
  if (owner.customerId === null) return false;
  if (visibility.wholeCustomerIds.includes(owner.customerId)) return true;
  return owner.siteId === null && visibility.readCustomerIds.includes(owner.customerId);
}
