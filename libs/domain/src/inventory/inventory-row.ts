import type { Criticality, DeviceType } from '../assets/device-type';

export const INVENTORY_COLUMNS = [
  'id',
  'type',
  'siteCode',
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
export type InventoryColumn = (typeof INVENTORY_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly InventoryColumn[] = ['id', 'type', 'siteCode'];

/** One valid row of an inventory file, ready to write. */
export interface DeviceImportRow {
  line: number;
  action: 'create' | 'update';
  id: string;
  type: DeviceType;
  siteCode: string;
  siteId: string;
  name: string | null;
  model: string | null;
  serial: string | null;
  firmware: string | null;
  parentId: string | null;
  heartbeatIntervalSec: number;
  criticality: Criticality;
  installedAt: string | null;
  warrantyUntil: string | null;
}

export interface RowError {
  line: number;
  field: string;
  message: string;
}

export type InventoryParseResult =
  /** `columns`: the columns the file has; an update changes only those, the rest of the device stays. */
  { ok: true; rows: DeviceImportRow[]; columns: InventoryColumn[]; warnings: RowError[] } | { ok: false; errors: RowError[]; warnings: RowError[] };

export interface InventoryContext {
  siteIdByCode: ReadonlyMap<string, string>;
  existingDeviceIds: ReadonlySet<string>;
  /** Parents of devices already registered, to refuse loops through them. */
  existingParentOf?: ReadonlyMap<string, string | null>;
  /** Ids taken by devices the importer may not change (outside their scope): such a row is an error. */
  unavailableDeviceIds?: ReadonlySet<string>;
}
