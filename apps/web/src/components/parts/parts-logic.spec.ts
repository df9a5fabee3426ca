import { describe, expect, it } from 'vitest';
import { partsFitting, partSteps, storeStock, yuan, type LevelRow, type PartModelRow } from './parts-logic';

const disk: PartModelRow = { id: 'disk', sku: 'HDD', name: 'Disk', vendor: null, compatibleModels: ['Dahua DH-XVR5108HS'], unitCostCents: 68_000, warrantyMonths: 36 };
const psu: PartModelRow = { id: 'psu', sku: 'PSU', name: 'Adapter', vendor: null, compatibleModels: ['Hikvision DS-2CD3T46WDV3-I3'], unitCostCents: 4_500, warrantyMonths: 12 };
const level = (partModelId: string, storeId: string, over: Partial<LevelRow> = {}): LevelRow => ({
  id: `${storeId}/${partModelId}`,
  storeId,
  partModelId,
  onHand: 2,
  reserved: 0,
  available: 2,
  minimum: 1,
  belowMinimum: false,
  ...over,
});

describe('parts logic', () => {
  it('should list a store’s stock below-minimum first with its value', () => {
    const rows = storeStock(
      [level('psu', 'van'), level('disk', 'van', { belowMinimum: true }), level('disk', 'central')],
      'van',
      new Map([
        ['disk', disk],
        ['psu', psu],
      ]),
    );
    expect(rows.map((r) => [r.partModelId, r.valueCents])).toEqual([
      ['disk', 136_000],
      ['psu', 9_000],
    ]);
  });

  it('should offer only parts that fit the device model', () => {
    expect(partsFitting([disk, psu], ' dahua dh-xvr5108hs').map((m) => m.id)).toEqual(['disk']);
    expect(partsFitting([disk, psu], null)).toEqual([]);
  });

  it('should offer the steps of each state', () => {
    expect(partSteps({ state: 'reserved', waiting: false })).toEqual(['issue', 'fit', 'cancel', 'wait']);
    expect(partSteps({ state: 'reserved', waiting: true })).toEqual(['issue', 'fit', 'cancel']);
    expect(partSteps({ state: 'issued', waiting: false })).toEqual(['fit', 'return']);
    expect(partSteps({ state: 'returned', waiting: false })).toEqual([]);
    expect(partSteps({ state: 'fitted', waiting: false })).toEqual([]);
  });

  it('should write money in yuan', () => {
    expect(yuan(123_450)).toBe('¥1,234.50');
  });
});
