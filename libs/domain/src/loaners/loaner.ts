import { DateTime } from 'luxon';
import type { DeviceType } from '../assets/device-type';

/** The central store's id in the demo estate: where loaner units wait between loans. */
export const CENTRAL_STORE_ID = 'central';

export const LOANER_STATES = ['in-store', 'lent', 'retired'] as const;
export type LoanerState = (typeof LOANER_STATES)[number];

/** A physical loaner (备机): its id is the device id it heartbeats with, while lent as much as in store. */
export interface LoanerUnit {
  id: string;
  type: DeviceType;
  model: string | null;
  serial: string | null;
  vendor: string | null;
  storeId: string;
  state: LoanerState;
  createdAt: Date;
  updatedAt: Date;
}

/** The demo's loaner pool: a camera and an NVR waiting in the central store. */
export function demoLoanerUnits(now: Date): LoanerUnit[] {
  const unit = (id: string, type: DeviceType, model: string, vendor: string, serial: string): LoanerUnit => ({
    id,
    type,
    model,
    serial,
    vendor,
    storeId: CENTRAL_STORE_ID,
    state: 'in-store',
    createdAt: now,
    updatedAt: now,
  });
  return [unit('LOANER-CAM-01', 'camera', 'DS-2CD3T46WDV3-I3', 'Hikvision', 'LN-CAM-0001'), unit('LOANER-NVR-01', 'nvr', 'DS-7732NI-K4', 'Hikvision', 'LN-NVR-0001')];
}

export const LOAN_STATES = ['out', 'returned'] as const;
export type LoanState = (typeof LOAN_STATES)[number];

/** A loaner standing in at a site for a device that is away (at the vendor, on the bench). */
export interface Loan {
  id: string;
  loanerId: string;
  siteId: string;
  customerId: string | null;
  faultId: string | null;
  /** The away device's id. */
  standsInFor: string;
  lentAt: Date;
  /** The local day (the contract's zone) by whose end it is due back. */
  dueBackOn: string;
  returnedAt: Date | null;
  state: LoanState;
  /** When its overdue page went out (once). */
  overdueAlertedAt: Date | null;
  lentBy: string;
  returnedBy: string | null;
}

/** A loan as the API answers it: overdue when still out past the end of its due day. */
export type LoanView = Loan & { overdue: boolean; dueBackAt: Date };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isLocalDay(text: string): boolean {
  return DAY.test(text) && DateTime.fromFormat(text, 'yyyy-MM-dd').isValid;
}

/** The default due day: `days` local days after the day it is lent. */
export function defaultDueBackOn(lentAt: Date, days: number, zone: string): string {
  return DateTime.fromJSDate(lentAt, { zone }).startOf('day').plus({ days }).toFormat('yyyy-MM-dd');
}

/** The end of the due day in the zone: the first instant of the day after. */
export function dueBackAt(dueBackOn: string, zone: string): Date {
  return DateTime.fromFormat(dueBackOn, 'yyyy-MM-dd', { zone }).plus({ days: 1 }).toJSDate();
}

export function isOverdue(loan: Pick<Loan, 'state' | 'dueBackOn'>, now: Date, zone: string): boolean {
  return loan.state === 'out' && now.getTime() >= dueBackAt(loan.dueBackOn, zone).getTime();
}

export function loanView(loan: Loan, now: Date, zone: string): LoanView {
  return { ...loan, overdue: isOverdue(loan, now, zone), dueBackAt: dueBackAt(loan.dueBackOn, zone) };
}

/** The name a lent loaner's device record carries at the borrowing site. */
export function standInName(loanerId: string, standsInFor: string, awayName: string | null): string {
  return `备机 loaner ${loanerId} → ${awayName ?? standsInFor}`;
}

/** Days (fractional) each site had a loaner within [from, to): each loan's time out clipped to the period. */
export function loanerDaysBySite(
  loans: readonly Pick<Loan, 'siteId' | 'lentAt' | 'returnedAt'>[],
  from: Date,
  to: Date,
  now: Date,
): { siteId: string; loanerDays: number; loans: number }[] {
  const bySite = new Map<string, { ms: number; loans: number }>();
  for (const l of loans) {
    const start = Math.max(l.lentAt.getTime(), from.getTime());
    const end = Math.min((l.returnedAt ?? now).getTime(), to.getTime());
    if (end <= start) continue;
    const row = bySite.get(l.siteId) ?? { ms: 0, loans: 0 };
    row.ms += end - start;
    row.loans += 1;
    bySite.set(l.siteId, row);
  }
  return [...bySite]
    .map(([siteId, r]) => ({ siteId, loanerDays: Math.round((r.ms / 86_400_000) * 10) / 10, loans: r.loans }))
    .sort((a, b) => b.loanerDays - a.loanerDays || a.siteId.localeCompare(b.siteId));
}
