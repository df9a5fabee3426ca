import type { RmaState, RmaStep } from '@vigil/domain/loaners/rma';

export interface LoanerUnitRow {
  id: string;
  type: string;
  model: string | null;
  serial: string | null;
  vendor: string | null;
  storeId: string;
  state: 'in-store' | 'lent' | 'retired';
}

export interface LoanRow {
  id: string;
  loanerId: string;
  siteId: string;
  faultId: string | null;
  standsInFor: string;
  lentAt: string;
  dueBackOn: string;
  returnedAt: string | null;
  state: 'out' | 'returned';
  overdue: boolean;
  overdueAlertedAt: string | null;
}

export interface RmaRow {
  id: string;
  deviceId: string | null;
  partSerial: string | null;
  faultId: string | null;
  vendor: string;
  model: string | null;
  serial: string | null;
  underWarranty: boolean;
  state: RmaState;
  sentAt: string;
  receivedAt: string | null;
  resolvedAt: string | null;
  returnedAt: string | null;
  replacementSerial: string | null;
  turnaroundDays: number;
}

/** How a loan reads in a list: overdue wins over out. */
export function loanBadge(loan: Pick<LoanRow, 'state' | 'overdue'>): 'overdue' | 'out' | 'returned' {
  return loan.state === 'returned' ? 'returned' : loan.overdue ? 'overdue' : 'out';
}

/** The buttons an RMA offers in its state (the server decides; this only hides what cannot apply). */
export function rmaSteps(state: RmaState): RmaStep[] {
  switch (state) {
    case 'sent':
      return ['receive'];
    case 'received':
      return ['repair', 'replace'];
    case 'repaired':
    case 'replaced':
      return ['return'];
    default:
      return [];
  }
}

/** Where a unit is, for the register: its store, or the site it stands in at and for which device. */
export function whereabouts(
  unit: Pick<LoanerUnitRow, 'id' | 'state' | 'storeId'>,
  loans: readonly Pick<LoanRow, 'loanerId' | 'state' | 'siteId' | 'standsInFor'>[],
): { at: 'store' | 'site' | 'retired'; place: string; standsInFor: string | null } {
  if (unit.state === 'retired') return { at: 'retired', place: unit.storeId, standsInFor: null };
  const out = loans.find((l) => l.loanerId === unit.id && l.state === 'out');
  return out ? { at: 'site', place: out.siteId, standsInFor: out.standsInFor } : { at: 'store', place: unit.storeId, standsInFor: null };
}
