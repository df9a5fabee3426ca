import { createHmac } from 'node:crypto';
import { GENESIS_HASH } from './audit-entry';
import { canonicalJson } from './audit-hash';

/**
 * The chain's newest entry, signed with the audit key and rewritten with every append in the same
 * transaction: deleting the newest entries leaves the head naming entries that are not there.
 * `signature` null: written by the upgrade that introduced the head, signed by the next append.
 */
export interface AuditHead {
  lastId: number;
  lastHash: string;
  count: number;
  signature: string | null;
}

export function signHead(key: string, h: Pick<AuditHead, 'lastId' | 'lastHash' | 'count'>): string {
  return createHmac('sha256', key)
    .update(canonicalJson({ head: { lastId: h.lastId, lastHash: h.lastHash, count: h.count } }))
    .digest('hex');
}

/** Whether a head carries the signature of this key (an unsigned one does not). */
export function headSigned(key: string, h: AuditHead): boolean {
  return h.signature !== null && signHead(key, h) === h.signature;
}

/** Where the next entry goes, and the head's count after it; `count: null` leaves the stored head alone. */
export interface NextLink {
  id: number;
  prevHash: string;
  count: number | null;
}

/**
 * The next entry links to the head while the head is sound, so entries cut off behind its back leave a
 * gap that verify names instead of being papered over. A head that is missing (with entries present),
 * wrongly signed, or overtaken by entries added behind the application's back is not re-signed: the
 * entry links to the newest stored one and verify keeps reporting the damage.
 */
export function nextLink(key: string, head: AuditHead | null, last: { id: number; hash: string } | null): NextLink {
  if (head === null) return last === null ? { id: 1, prevHash: GENESIS_HASH, count: 1 } : { id: last.id + 1, prevHash: last.hash, count: null };
  const sound = (head.signature === null || headSigned(key, head)) && (last === null || last.id <= head.lastId);
  if (sound) return { id: head.lastId + 1, prevHash: head.lastHash, count: head.count + 1 };
  return { id: (last?.id ?? head.lastId) + 1, prevHash: last?.hash ?? head.lastHash, count: null };
}

/** The signed head naming an entry. */
export function sealHead(key: string, lastId: number, lastHash: string, count: number): AuditHead {
  return { lastId, lastHash, count, signature: signHead(key, { lastId, lastHash, count }) };
}
