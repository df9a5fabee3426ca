import { breachedWaitingForPart, consumptionByModel, fittedPartsText } from './parts-report';
import { available, fitsDevice, partWarrantyUntil, refuseFaultPartAction, refuseStockChange, reorderStep, stockValueCents } from './parts';
import { reorderAlertText } from './reorder-text';

describe('spare parts rules', () => {
  it('should count available as on hand less reserved', () => {
    expect(available({ onHand: 5, reserved: 2 })).toBe(3);
  });

  it('should fit only devices of a compatible model, spacing and case aside', () => {
    const disk = { compatibleModels: ['Dahua DH-XVR5108HS', 'Hikvision DS-7816N-K2'] };
    expect(fitsDevice(disk, 'dahua  dh-xvr5108hs')).toBe(true);
    expect(fitsDevice(disk, 'Hikvision DS-2CD3T46WDV3-I3')).toBe(false);
    expect(fitsDevice(disk, null)).toBe(false);
  });

  it('should refuse a change leaving fewer on hand than reserved or a negative count', () => {
    expect(refuseStockChange({ onHand: 2, reserved: 1 }, 0, 1)).toBeNull();
    expect(refuseStockChange({ onHand: 2, reserved: 2 }, 0, 1)).toMatch(/only 0 available/);
    expect(refuseStockChange({ onHand: 1, reserved: 0 }, -2, 0)).toMatch(/only 1 on hand/);
    expect(refuseStockChange({ onHand: 1, reserved: 0 }, 0, -1)).toMatch(/only 0 reserved/);
    expect(refuseStockChange({ onHand: 3, reserved: 1 }, -1, -1)).toBeNull();
  });

  it('should alert once per crossing of the minimum and reset above it', () => {
    expect(reorderStep({ onHand: 3, reserved: 0, minimum: 2, reorderAlerted: false })).toBeNull();
    expect(reorderStep({ onHand: 3, reserved: 1, minimum: 2, reorderAlerted: false })).toBe('alert');
    expect(reorderStep({ onHand: 1, reserved: 0, minimum: 2, reorderAlerted: true })).toBeNull();
    expect(reorderStep({ onHand: 3, reserved: 0, minimum: 2, reorderAlerted: true })).toBe('reset');
    expect(reorderStep({ onHand: 0, reserved: 0, minimum: 0, reorderAlerted: false })).toBeNull();
  });

  it('should value the stock on hand at unit cost', () => {
    const models = new Map([
      ['disk', { unitCostCents: 80_000 }],
      ['psu', { unitCostCents: 5_000 }],
    ]);
    expect(
      stockValueCents(
        [
          { partModelId: 'disk', onHand: 2 },
          { partModelId: 'psu', onHand: 3 },
          { partModelId: 'gone', onHand: 9 },
        ],
        models,
      ),
    ).toBe(175_000);
  });

  it('should end the warranty months after fitting, on the month end when the day is missing', () => {
    expect(partWarrantyUntil(new Date('2026-01-31T08:00:00Z'), 1).toISOString()).toBe('2026-02-28T08:00:00.000Z');
    expect(partWarrantyUntil(new Date('2026-12-02T08:00:00Z'), 36).toISOString()).toBe('2029-12-02T08:00:00.000Z');
  });

  it('should allow each step only from its states', () => {
    expect(refuseFaultPartAction({ state: 'reserved' }, 'issue')).toBeNull();
    expect(refuseFaultPartAction({ state: 'reserved' }, 'fit')).toBeNull();
    expect(refuseFaultPartAction({ state: 'issued' }, 'return')).toBeNull();
    expect(refuseFaultPartAction({ state: 'fitted' }, 'return')).toBe('a fitted part cannot be returned');
    expect(refuseFaultPartAction({ state: 'issued' }, 'cancel')).toBe('an issued part cannot be cancelled');
    expect(refuseFaultPartAction({ state: 'issued' }, 'wait')).toBe('an issued part cannot be waited for');
  });

  it('should say which part, where, and how many are left', () => {
    const text = reorderAlertText({ name: '青岛中心库' }, { sku: 'HDD-4T', name: 'DVR 硬盘 4TB' }, { onHand: 2, reserved: 1, minimum: 2 }, null);
    expect(text.title).toContain('DVR 硬盘 4TB');
    expect(text.lines[1]).toContain('available 1');
  });
});

describe('parts report figures', () => {
  const models = new Map([
    ['disk', { sku: 'HDD-4T', name: 'disk', unitCostCents: 80_000 }],
    ['psu', { sku: 'PSU-12V', name: 'psu', unitCostCents: 5_000 }],
  ]);

  it('should count fitted parts per model with their cost', () => {
    expect(consumptionByModel([{ partModelId: 'psu' }, { partModelId: 'disk' }, { partModelId: 'psu' }], models)).toEqual([
      { partModelId: 'disk', sku: 'HDD-4T', name: 'disk', quantity: 1, costCents: 80_000 },
      { partModelId: 'psu', sku: 'PSU-12V', name: 'psu', quantity: 2, costCents: 10_000 },
    ]);
  });

  it('should name a breach of the repair due while a part was awaited, and nothing else', () => {
    const due = new Date('2026-12-05T00:00:00Z');
    const reserved = new Date('2026-12-02T00:00:00Z');
    const late = { reservedAt: reserved, fittedAt: new Date('2026-12-06T00:00:00Z'), state: 'fitted' as const };
    expect(breachedWaitingForPart({ status: 'breached', due }, [late])).toBe(late);
    expect(breachedWaitingForPart({ status: 'met', due }, [late])).toBeNull();
    expect(breachedWaitingForPart({ status: 'breached', due }, [{ ...late, fittedAt: new Date('2026-12-04T00:00:00Z') }])).toBeNull();
    expect(breachedWaitingForPart({ status: 'breached', due }, [{ reservedAt: reserved, fittedAt: null, state: 'reserved' }])).not.toBeNull();
    expect(breachedWaitingForPart({ status: 'breached', due }, [{ reservedAt: reserved, fittedAt: null, state: 'cancelled' }])).toBeNull();
  });
});

describe(fittedPartsText.name, () => {
  it('should list only fitted parts with their serials', () => {
    const models = new Map([['disk', { sku: 'HDD-4T', name: '硬盘 4TB' }]]);
    expect(
      fittedPartsText(
        [
          { partModelId: 'disk', state: 'fitted', serialIn: 'NEW1', serialOut: 'OLD1' },
          { partModelId: 'disk', state: 'cancelled', serialIn: null, serialOut: null },
        ],
        models,
      ),
    ).toBe('硬盘 4TB (HDD-4T) ×1, 新件 SN in NEW1 / 旧件 SN out OLD1');
  });
});
