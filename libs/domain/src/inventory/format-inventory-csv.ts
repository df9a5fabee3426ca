import { stringify } from 'csv-stringify/sync';
import type { Device } from '../assets/asset.types';
import { neutraliseCell } from '../shared/csv-cell';
import { INVENTORY_COLUMNS } from './inventory-row';

/** The register as CSV with the import's header; opens in Excel (UTF-8 BOM) and imports back unchanged. */
export function formatInventoryCsv(devices: readonly Device[], siteCodeById: ReadonlyMap<string, string>): string {
  // Only free text can hold a formula; ids, types, numbers and dates are validated on the way in.
  const rows = devices.map((d) => [
    d.id,
    d.type,
    siteCodeById.get(d.siteId) ?? '',
    neutraliseCell(d.name),
    neutraliseCell(d.model),
    neutraliseCell(d.serial),
    neutraliseCell(d.firmware),
    d.parentId ?? '',
    String(d.heartbeatIntervalSec),
    d.criticality,
    d.installedAt ?? '',
    d.warrantyUntil ?? '',
  ]);
  return '\uFEFF' + stringify([[...INVENTORY_COLUMNS], ...rows], { record_delimiter: 'windows' });
}
