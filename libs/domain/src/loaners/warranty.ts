import { DateTime } from 'luxon';
import type { FaultPart } from '../parts/parts';
import { formatLocalDate } from '../shared/local-time';

export interface DeviceWarranty {
  deviceId: string;
  /** The last day under warranty, or null when neither the device's own date nor its acceptance is known. */
  warrantyUntil: string | null;
  source: 'device' | 'acceptance' | 'unknown';
  /** The day asked about. */
  on: string;
  inWarranty: boolean;
}

/** A device's warranty on a day: its own warrantyUntil, else its acceptance (installedAt) plus the contract's months. */
export function deviceWarranty(device: { id: string; installedAt: string | null; warrantyUntil: string | null }, months: number, on: string): DeviceWarranty {
  const until = device.warrantyUntil ?? (device.installedAt ? DateTime.fromISO(device.installedAt).plus({ months }).minus({ days: 1 }).toISODate() : null);
  const source = device.warrantyUntil ? 'device' : device.installedAt ? 'acceptance' : 'unknown';
  return { deviceId: device.id, warrantyUntil: until, source, on, inWarranty: until !== null && on <= until };
}

/** A part fitted on a device by a fault's repair, and its own warranty (months from the fit) on a local day. */
export interface FittedPartWarranty {
  partId: string;
  faultId: string;
  partModelId: string;
  sku: string | null;
  name: string | null;
  serialIn: string | null;
  serialOut: string | null;
  fittedAt: Date;
  warrantyUntil: Date | null;
  inWarranty: boolean;
}

/** The fitted parts' warranties on a day (`on`, a local day in `zone`), newest fit first; a part not fitted is left out. */
export function fittedPartsWarranty(parts: FaultPart[], models: ReadonlyMap<string, { sku: string; name: string }>, on: string, zone: string): FittedPartWarranty[] {
  return parts
    .filter((p): p is FaultPart & { fittedAt: Date } => p.state === 'fitted' && p.fittedAt !== null)
    .sort((a, b) => b.fittedAt.getTime() - a.fittedAt.getTime())
    .map((p) => ({
      partId: p.id,
      faultId: p.faultId,
      partModelId: p.partModelId,
      sku: models.get(p.partModelId)?.sku ?? null,
      name: models.get(p.partModelId)?.name ?? null,
      serialIn: p.serialIn,
      serialOut: p.serialOut,
      fittedAt: p.fittedAt,
      warrantyUntil: p.warrantyUntil,
      inWarranty: p.warrantyUntil !== null && on <= formatLocalDate(p.warrantyUntil, zone),
    }));
}
