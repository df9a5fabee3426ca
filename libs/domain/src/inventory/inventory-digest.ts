import { createHash } from 'node:crypto';
import type { Device } from '../assets/asset.types';
import { canonicalJson } from '../audit/audit-hash';

/** The fields of a device an inventory file sets: what an import's audit entry speaks of. */
export const INVENTORY_FIELDS = [
  'id',
  'type',
  'siteId',
  'name',
  'model',
  'serial',
  'firmware',
  'parentId',
  'heartbeatIntervalSec',
  'criticality',
  'installedAt',
  'warrantyUntil',
] as const;
export type InventoryField = (typeof INVENTORY_FIELDS)[number];

export type InventoryRecord = Pick<Device, InventoryField>;

/** A device's inventory fields, and nothing else (no status, no times). */
export function inventoryRecord(device: InventoryRecord): InventoryRecord {
  const out = {} as Record<InventoryField, unknown>;
  for (const f of INVENTORY_FIELDS) out[f] = device[f] ?? null;
  return out as InventoryRecord;
}

/** The fields that differ, each as [before, after]; empty when the row changes nothing. */
export function inventoryChanges(before: InventoryRecord, after: InventoryRecord): Partial<Record<InventoryField, [unknown, unknown]>> {
  const changes: Partial<Record<InventoryField, [unknown, unknown]>> = {};
  for (const f of INVENTORY_FIELDS) {
    const was = before[f] ?? null;
    const now = after[f] ?? null;
    if (was !== now) changes[f] = [was, now];
  }
  return changes;
}

/**
 * SHA-256 (hex) of the rows an import wrote, as the register holds them after it: one line per row, in the
 * file's order, each the canonical JSON (keys sorted) of the row's inventory fields, lines joined by "\n".
 * Anyone holding the rows can recompute it; an audit entry carrying it vouches for exactly those rows.
 */
export function inventoryDigest(rows: readonly InventoryRecord[]): string {
  const hash = createHash('sha256');
  rows.forEach((row, i) => hash.update(i === 0 ? canonicalJson(inventoryRecord(row)) : `\n${canonicalJson(inventoryRecord(row))}`));
  return hash.digest('hex');
}

/** SHA-256 (hex) of a file's text as UTF-8: what `sha256sum` prints for the file that was sent. */
export function fileDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
