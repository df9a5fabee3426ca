import { stringify } from 'csv-stringify/sync';
import type { Device } from '../assets/asset.types';
import { INVENTORY_COLUMNS } from './inventory-row';

/** Spreadsheet programs run cells that start like a formula; a leading apostrophe keeps them text. */
export function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The register as CSV with the import's header; opens in Excel (UTF-8 BOM) and imports back unchanged. */
export function formatInventoryCsv(devices: readonly Device[], siteCodeById: ReadonlyMap<string, string>): string {
  // Only free text can hold a formula; ids, types, numbers and dates are validated on the way in.
  const rows = devices.map((d) => [
    d.id, d.type, siteCodeById.get(d.siteId) ?? '', guardFormula(d.name ?? ''), guardFormula(d.model ?? ''),
    guardFormula(d.serial ?? ''), guardFormula(d.firmware ?? ''), d.parentId ?? '', String(d.heartbeatIntervalSec),
    d.criticality, d.installedAt ?? '', d.warrantyUntil ?? '',
  ]);
  return '\uFEFF' + stringify([[...INVENTORY_COLUMNS], ...rows], { record_delimiter: 'windows' });
}
