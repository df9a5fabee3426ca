import type { FaultPart, PartModel } from './parts';

export interface PartConsumption {
  partModelId: string;
  sku: string;
  name: string;
  quantity: number;
  costCents: number;
}

/** Parts fitted, per part model: how many and what they cost (unit cost now), most costly first. */
export function consumptionByModel(
  fitted: readonly Pick<FaultPart, 'partModelId'>[],
  models: ReadonlyMap<string, Pick<PartModel, 'sku' | 'name' | 'unitCostCents'>>,
): PartConsumption[] {
  const rows = new Map<string, PartConsumption>();
  for (const p of fitted) {
    const m = models.get(p.partModelId);
    const row = rows.get(p.partModelId) ?? { partModelId: p.partModelId, sku: m?.sku ?? p.partModelId, name: m?.name ?? p.partModelId, quantity: 0, costCents: 0 };
    row.quantity += 1;
    row.costCents += m?.unitCostCents ?? 0;
    rows.set(p.partModelId, row);
  }
  return [...rows.values()].sort((a, b) => b.costCents - a.costCents || a.sku.localeCompare(b.sku));
}

/**
 * Whether a fault's repair deadline passed while it waited for a part: a part was reserved before the due and was not
 * fitted by then (fitted after it, or never), and the repair step is breached.
 */
export function breachedWaitingForPart(
  repair: { status: string | null; due: Date | null } | null | undefined,
  parts: readonly Pick<FaultPart, 'reservedAt' | 'fittedAt' | 'state'>[],
): Pick<FaultPart, 'reservedAt' | 'fittedAt' | 'state'> | null {
  if (!repair || repair.status !== 'breached' || !repair.due) return null;
  const due = repair.due.getTime();
  return parts.find((p) => p.reservedAt.getTime() < due && (p.fittedAt === null ? p.state !== 'cancelled' && p.state !== 'returned' : p.fittedAt.getTime() > due)) ?? null;
}

/** A service record's line of the parts fitted on its fault: model, SKU and the serials in and out, one part after another. */
export function fittedPartsText(
  parts: readonly Pick<FaultPart, 'partModelId' | 'state' | 'serialIn' | 'serialOut'>[],
  models: ReadonlyMap<string, Pick<PartModel, 'sku' | 'name'>>,
): string {
  return parts
    .filter((p) => p.state === 'fitted')
    .map((p) => {
      const m = models.get(p.partModelId);
      const serials = [`新件 SN in ${p.serialIn ?? '—'}`, ...(p.serialOut ? [`旧件 SN out ${p.serialOut}`] : [])].join(' / ');
      return `${m?.name ?? p.partModelId} (${m?.sku ?? '?'}) ×1, ${serials}`;
    })
    .join('；');
}
