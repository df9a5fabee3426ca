import { describe, expect, it } from 'vitest';
import { loanBadge, rmaSteps, whereabouts } from './loaners-logic';

describe('loaners view logic', () => {
  it('should show an overdue loan as overdue, a returned one as returned whatever its due day', () => {
    expect(loanBadge({ state: 'out', overdue: true })).toBe('overdue');
    expect(loanBadge({ state: 'out', overdue: false })).toBe('out');
    expect(loanBadge({ state: 'returned', overdue: true })).toBe('returned');
  });

  it('should offer the RMA steps its state allows', () => {
    expect(rmaSteps('sent')).toEqual(['receive']);
    expect(rmaSteps('received')).toEqual(['repair', 'replace']);
    expect(rmaSteps('replaced')).toEqual(['return']);
    expect(rmaSteps('returned')).toEqual([]);
  });

  it('should place a unit at the site of its open loan, else in its store', () => {
    const loans = [
      { loanerId: 'L1', state: 'returned' as const, siteId: 's0', standsInFor: 'C0' },
      { loanerId: 'L1', state: 'out' as const, siteId: 's1', standsInFor: 'C1' },
    ];
    expect(whereabouts({ id: 'L1', state: 'lent', storeId: 'central' }, loans)).toEqual({ at: 'site', place: 's1', standsInFor: 'C1' });
    expect(whereabouts({ id: 'L2', state: 'in-store', storeId: 'central' }, loans)).toEqual({ at: 'store', place: 'central', standsInFor: null });
    expect(whereabouts({ id: 'L3', state: 'retired', storeId: 'central' }, loans).at).toBe('retired');
  });
});
