import { defaultDueBackOn, dueBackAt, isOverdue, loanerDaysBySite } from './loaner';
import { repeatOf } from './repeat-failure';
import { nextRmaState, rmaTurnaround, turnaroundDays } from './rma';
import type { FaultPart } from '../parts/parts';
import { deviceWarranty, fittedPartsWarranty } from './warranty';

const t = (iso: string) => new Date(iso);
const ZONE = 'Asia/Shanghai';

describe('loans', () => {
  it('should be due back at the end of the local day, loanerDueDays after the day it was lent', () => {
    // 2026-12-01 23:30 in Shanghai is still the 1st there
    expect(defaultDueBackOn(t('2026-12-01T15:30:00Z'), 14, ZONE)).toBe('2026-12-15');
    expect(defaultDueBackOn(t('2026-12-01T16:30:00Z'), 14, ZONE)).toBe('2026-12-16');
    expect(dueBackAt('2026-12-15', ZONE)).toEqual(t('2026-12-15T16:00:00Z'));
  });

  it('should be overdue only while out past the end of its due day', () => {
    expect(isOverdue({ state: 'out', dueBackOn: '2026-12-15' }, t('2026-12-15T15:59:59Z'), ZONE)).toBe(false);
    expect(isOverdue({ state: 'out', dueBackOn: '2026-12-15' }, t('2026-12-15T16:00:00Z'), ZONE)).toBe(true);
    expect(isOverdue({ state: 'returned', dueBackOn: '2026-12-15' }, t('2026-12-20T00:00:00Z'), ZONE)).toBe(false);
  });

  it('should count loaner-days per site within the period only, a loan still out up to now', () => {
    const loans = [
      { siteId: 'a', lentAt: t('2026-11-29T16:00:00Z'), returnedAt: t('2026-12-03T16:00:00Z') },
      { siteId: 'b', lentAt: t('2026-12-10T00:00:00Z'), returnedAt: null },
      { siteId: 'c', lentAt: t('2026-10-01T00:00:00Z'), returnedAt: t('2026-10-05T00:00:00Z') },
    ];
    expect(loanerDaysBySite(loans, t('2026-11-30T16:00:00Z'), t('2026-12-31T16:00:00Z'), t('2026-12-12T12:00:00Z'))).toEqual([
      { siteId: 'a', loanerDays: 3, loans: 1 },
      { siteId: 'b', loanerDays: 2.5, loans: 1 },
    ]);
  });
});

describe('RMA', () => {
  it('should go sent → received → repaired or replaced → returned and nowhere else', () => {
    expect(nextRmaState('sent', 'receive')).toBe('received');
    expect(nextRmaState('received', 'replace')).toBe('replaced');
    expect(nextRmaState('replaced', 'return')).toBe('returned');
    expect(nextRmaState('sent', 'return')).toBeNull();
    expect(nextRmaState('returned', 'repair')).toBeNull();
  });

  it('should time turnaround per vendor and model from the returned ones', () => {
    const sentAt = t('2026-12-01T00:00:00Z');
    expect(turnaroundDays({ sentAt, returnedAt: null }, t('2026-12-02T12:00:00Z'))).toBe(1.5);
    expect(
      rmaTurnaround([
        { vendor: 'Hik', model: 'X', sentAt, returnedAt: t('2026-12-03T00:00:00Z') },
        { vendor: 'Hik', model: 'X', sentAt, returnedAt: t('2026-12-07T00:00:00Z') },
        { vendor: 'Hik', model: 'X', sentAt, returnedAt: null },
        { vendor: 'Dahua', model: null, sentAt, returnedAt: t('2026-12-02T00:00:00Z') },
      ]),
    ).toEqual([
      { vendor: 'Dahua', model: null, count: 1, meanDays: 1, maxDays: 1 },
      { vendor: 'Hik', model: 'X', count: 2, meanDays: 4, maxDays: 6 },
    ]);
  });
});

describe('warranty', () => {
  it("should take the device's own date first, else acceptance plus the contract's months", () => {
    expect(deviceWarranty({ id: 'd', installedAt: '2024-01-10', warrantyUntil: '2025-01-01' }, 36, '2025-06-01')).toMatchObject({ source: 'device', inWarranty: false });
    expect(deviceWarranty({ id: 'd', installedAt: '2024-01-10', warrantyUntil: null }, 36, '2027-01-09')).toMatchObject({
      warrantyUntil: '2027-01-09',
      source: 'acceptance',
      inWarranty: true,
    });
    expect(deviceWarranty({ id: 'd', installedAt: '2024-01-10', warrantyUntil: null }, 36, '2027-01-10').inWarranty).toBe(false);
    expect(deviceWarranty({ id: 'd', installedAt: null, warrantyUntil: null }, 36, '2027-01-10')).toMatchObject({ source: 'unknown', inWarranty: false });
  });

  it('should list only fitted parts, newest first, each under its own warranty to the end of its last local day', () => {
    const part = (id: string, state: FaultPart['state'], fittedAt: string | null, warrantyUntil: string | null): FaultPart => ({
      id,
      faultId: `f-${id}`,
      partModelId: 'disk',
      storeId: 'van',
      state,
      issuedTo: null,
      issuedAt: null,
      serialIn: `S-${id}`,
      serialOut: null,
      fittedAt: fittedAt ? new Date(fittedAt) : null,
      warrantyUntil: warrantyUntil ? new Date(warrantyUntil) : null,
      waiting: false,
      reservedBy: 'u',
      reservedAt: new Date('2025-01-01T00:00:00Z'),
      closedAt: null,
      updatedAt: new Date('2025-01-01T00:00:00Z'),
    });
    const models = new Map([['disk', { sku: 'HDD-4T', name: 'disk' }]]);
    const parts = [
      // fitted 2025-03-01 08:00 Shanghai, warranty to 2026-02-28 16:00 UTC = 2026-03-01 00:00 Shanghai
      part('old', 'fitted', '2025-03-01T00:00:00Z', '2026-02-28T16:00:00Z'),
      part('new', 'fitted', '2025-06-01T00:00:00Z', '2026-06-01T00:00:00Z'),
      part('reserved', 'reserved', null, null),
      part('returned', 'returned', null, null),
    ];
    const on = (day: string) => fittedPartsWarranty(parts, models, day, 'Asia/Shanghai').map((p) => [p.partId, p.sku, p.inWarranty]);
    expect(on('2026-03-01')).toEqual([
      ['new', 'HDD-4T', true],
      ['old', 'HDD-4T', true],
    ]);
    expect(on('2026-03-02')).toEqual([
      ['new', 'HDD-4T', true],
      ['old', 'HDD-4T', false],
    ]);
  });
});

describe('repeat failures', () => {
  const at = t('2026-12-31T00:00:00Z');
  const current = { id: 'f2', deviceId: 'cam', kind: 'offline' };
  it('should find the same kind on the same device repaired within the window, the latest first', () => {
    const earlier = [
      { id: 'f0', deviceId: 'cam', kind: 'offline', closedAt: t('2026-12-05T00:00:00Z') },
      { id: 'f1', deviceId: 'cam', kind: 'offline', closedAt: t('2026-12-20T00:00:00Z') },
      { id: 'x', deviceId: 'cam', kind: 'damaged', closedAt: t('2026-12-30T00:00:00Z') },
      { id: 'y', deviceId: 'other', kind: 'offline', closedAt: t('2026-12-30T00:00:00Z') },
    ];
    expect(repeatOf(current, at, earlier, 30)?.id).toBe('f1');
    expect(repeatOf(current, at, earlier, 5)).toBeNull();
    expect(repeatOf(current, at, earlier, 0)).toBeNull();
    expect(repeatOf({ ...current, deviceId: null }, at, earlier, 30)).toBeNull();
  });
});
