/** Where spare parts are kept: the contractor's central store, a regional one, or an engineer's van. */
export const STORE_KINDS = ['central', 'regional', 'van'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** A store of the contractor (not of a customer): stores are read by every role that works faults and changed by managers. */
export interface Store {
  id: string;
  name: string;
  kind: StoreKind;
  region: string | null;
  /** The engineer whose van it is; null for a central or regional store. */
  ownerId: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A kind of spare part (备件型号): the device models it fits, what one costs and how long its warranty runs once fitted. */
export interface PartModel {
  id: string;
  sku: string;
  name: string;
  vendor: string | null;
  /** Device models (as in the asset register) this part fits. */
  compatibleModels: string[];
  unitCostCents: number;
  warrantyMonths: number;
  createdAt: Date;
  updatedAt: Date;
}

/** How many of one part model a store holds: on hand, of which reserved for faults, and the minimum that calls for a reorder. */
export interface StockLevel {
  id: string;
  storeId: string;
  partModelId: string;
  onHand: number;
  reserved: number;
  minimum: number;
  /** A reorder alert was offered for the present crossing of the minimum; cleared once available rises above it. */
  reorderAlerted: boolean;
  updatedAt: Date;
}

/** Every change of stock is a line of the ledger; counts are never changed without one. */
export const MOVEMENT_KINDS = ['receive', 'adjust', 'transfer-out', 'transfer-in', 'reserve', 'issue', 'fit', 'return', 'cancel'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface StockMovement {
  id: string;
  at: Date;
  kind: MovementKind;
  storeId: string;
  partModelId: string;
  /** Change of the count on hand (negative: out of the store). */
  onHandDelta: number;
  /** Change of the count reserved for faults. */
  reservedDelta: number;
  actor: string;
  reason: string | null;
  faultId: string | null;
  faultPartId: string | null;
  /** The other store of a transfer. */
  otherStoreId: string | null;
  serialIn: string | null;
  serialOut: string | null;
}

/** A part's way through a fault: reserved from a store → issued to an engineer → fitted, or returned / cancelled back to stock. */
export const FAULT_PART_STATES = ['reserved', 'issued', 'fitted', 'returned', 'cancelled'] as const;
export type FaultPartState = (typeof FAULT_PART_STATES)[number];

export interface FaultPart {
  id: string;
  faultId: string;
  partModelId: string;
  storeId: string;
  state: FaultPartState;
  /** Whom it was issued to. */
  issuedTo: string | null;
  issuedAt: Date | null;
  /** The new part's serial. */
  serialIn: string | null;
  /** The removed part's serial. */
  serialOut: string | null;
  fittedAt: Date | null;
  warrantyUntil: Date | null;
  /** The fault's SLA was paused waiting for this part (resumed when it is issued or fitted). */
  waiting: boolean;
  reservedBy: string;
  reservedAt: Date;
  closedAt: Date | null;
  updatedAt: Date;
}

export type FaultPartAction = 'issue' | 'fit' | 'return' | 'cancel' | 'wait';

const FROM: Record<FaultPartAction, readonly FaultPartState[]> = {
  issue: ['reserved'],
  fit: ['reserved', 'issued'],
  return: ['issued'],
  cancel: ['reserved'],
  wait: ['reserved'],
};

const DONE: Record<FaultPartAction, string> = { issue: 'issued', fit: 'fitted', return: 'returned', cancel: 'cancelled', wait: 'waited for' };

/** A part's state that a step may not leave from: a message for the 409, or null when it may. */
export function refuseFaultPartAction(part: Pick<FaultPart, 'state'>, action: FaultPartAction): string | null {
  return FROM[action].includes(part.state) ? null : `${/^[aeiou]/.test(part.state) ? 'an' : 'a'} ${part.state} part cannot be ${DONE[action]}`;
}

export function available(level: Pick<StockLevel, 'onHand' | 'reserved'>): number {
  return level.onHand - level.reserved;
}

/** Whether the part fits the device: its model is named among the part's compatible ones (case and spacing aside). */
export function fitsDevice(part: Pick<PartModel, 'compatibleModels'>, deviceModel: string | null): boolean {
  if (!deviceModel) return false;
  const norm = (m: string) => m.trim().replace(/\s+/g, ' ').toLowerCase();
  return part.compatibleModels.some((m) => norm(m) === norm(deviceModel));
}

/** A change of counts, refused (a message) when it would leave fewer on hand than reserved or a negative count. */
export function refuseStockChange(level: Pick<StockLevel, 'onHand' | 'reserved'>, onHandDelta: number, reservedDelta: number): string | null {
  const onHand = level.onHand + onHandDelta;
  const reserved = level.reserved + reservedDelta;
  if (onHand < 0) return `only ${level.onHand} on hand`;
  if (reserved < 0) return `only ${level.reserved} reserved`;
  if (onHand < reserved) return `only ${available(level)} available (${level.onHand} on hand, ${level.reserved} reserved)`;
  return null;
}

/**
 * What a change of availability means for the reorder alert: `alert` when it falls to or below the minimum and no alert
 * was offered for this crossing yet; `reset` when it is back above the minimum after one; otherwise nothing.
 */
export function reorderStep(level: Pick<StockLevel, 'onHand' | 'reserved' | 'minimum' | 'reorderAlerted'>): 'alert' | 'reset' | null {
  const low = level.minimum > 0 && available(level) <= level.minimum;
  if (low && !level.reorderAlerted) return 'alert';
  if (!low && level.reorderAlerted) return 'reset';
  return null;
}

/** The value of the stock on hand, in cents: each level at its model's unit cost. */
export function stockValueCents(levels: readonly Pick<StockLevel, 'partModelId' | 'onHand'>[], models: ReadonlyMap<string, Pick<PartModel, 'unitCostCents'>>): number {
  return levels.reduce((sum, l) => sum + l.onHand * (models.get(l.partModelId)?.unitCostCents ?? 0), 0);
}

/** The fitted part's warranty: months from fitting, the day of month kept (or the month's last day). */
export function partWarrantyUntil(fittedAt: Date, months: number): Date {
  const d = new Date(fittedAt.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** The reason a fault's SLA is paused with while it waits for a part. */
export function waitingForPartReason(partName: string): string {
  return `waiting for part: ${partName}`;
}

/** A reorder alert's level for the alert budget: not urgent, so it waits out the quiet hours like a level-3 fault. */
export const REORDER_ALERT_LEVEL = 3;
