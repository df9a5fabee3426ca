import { fitsDevice, refuseFaultPartAction, type FaultPartAction } from '@vigil/domain/parts/parts';

/** What the stores screen and a fault's parts section show; the server decides, these only arrange its answers. */
export interface StoreRow {
  id: string;
  name: string;
  kind: 'central' | 'regional' | 'van';
  region: string | null;
  ownerId: string | null;
  active: boolean;
}

export interface PartModelRow {
  id: string;
  sku: string;
  name: string;
  vendor: string | null;
  compatibleModels: string[];
  unitCostCents: number;
  warrantyMonths: number;
}

export interface LevelRow {
  id: string;
  storeId: string;
  partModelId: string;
  onHand: number;
  reserved: number;
  available: number;
  minimum: number;
  belowMinimum: boolean;
}

export interface MovementRow {
  id: string;
  at: string;
  kind: string;
  storeId: string;
  partModelId: string;
  onHandDelta: number;
  reservedDelta: number;
  actor: string;
  reason: string | null;
  faultId: string | null;
  otherStoreId: string | null;
  serialIn: string | null;
  serialOut: string | null;
}

export interface FaultPartRow {
  id: string;
  faultId: string;
  partModelId: string;
  storeId: string;
  state: 'reserved' | 'issued' | 'fitted' | 'returned' | 'cancelled';
  issuedTo: string | null;
  serialIn: string | null;
  serialOut: string | null;
  fittedAt: string | null;
  warrantyUntil: string | null;
  waiting: boolean;
  reservedAt: string;
  partModel: { id: string; sku: string; name: string } | null;
  storeName: string | null;
}

/** Money from cents, as people read it: ¥1,234.50. */
export function yuan(cents: number, locale = 'zh-CN'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(cents / 100);
}

/** The levels of one store, below-minimum first, then by part name; with their model and value. */
export function storeStock(
  levels: readonly LevelRow[],
  storeId: string,
  models: ReadonlyMap<string, PartModelRow>,
): (LevelRow & { model: PartModelRow | null; valueCents: number })[] {
  return levels
    .filter((l) => l.storeId === storeId)
    .map((l) => {
      const model = models.get(l.partModelId) ?? null;
      return { ...l, model, valueCents: l.onHand * (model?.unitCostCents ?? 0) };
    })
    .sort((a, b) => Number(b.belowMinimum) - Number(a.belowMinimum) || (a.model?.name ?? '').localeCompare(b.model?.name ?? ''));
}

/** The part models that fit a device model (the server refuses the others; this only narrows the list). */
export function partsFitting(models: readonly PartModelRow[], deviceModel: string | null): PartModelRow[] {
  return models.filter((m) => fitsDevice(m, deviceModel));
}

/** The steps a part's state offers, in the order they are shown. */
const STEPS: FaultPartAction[] = ['issue', 'fit', 'return', 'cancel', 'wait'];

export function partSteps(part: Pick<FaultPartRow, 'state' | 'waiting'>): FaultPartAction[] {
  return STEPS.filter((s) => refuseFaultPartAction(part, s) === null && !(s === 'wait' && part.waiting));
}
