import { createHash } from 'node:crypto';
import type { AuditRecord } from './audit-entry';

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** hash = sha256(prevHash | id | canonical record); binds each entry to its place in the chain. */
export function hashAuditEntry(id: number, prevHash: string, record: AuditRecord): string {
  const body = canonicalJson({
    id,
    at: record.at.toISOString(),
    actor: record.actor,
    role: record.role,
    action: record.action,
    entity: record.entity,
    entityId: record.entityId,
    before: record.before ?? null,
    after: record.after ?? null,
  });
  return createHash('sha256').update(prevHash).update('|').update(body).digest('hex');
}
