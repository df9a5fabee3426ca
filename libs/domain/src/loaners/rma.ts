/** A return to the vendor (RMA, 返修): sent, received by the vendor, repaired or replaced, returned to us. */
export const RMA_STATES = ['sent', 'received', 'repaired', 'replaced', 'returned'] as const;
export type RmaState = (typeof RMA_STATES)[number];

export interface Rma {
  id: string;
  deviceId: string | null;
  /** A part sent alone (no device), by its serial. */
  partSerial: string | null;
  siteId: string | null;
  customerId: string | null;
  faultId: string | null;
  vendor: string;
  model: string | null;
  serial: string | null;
  underWarranty: boolean;
  state: RmaState;
  sentAt: Date;
  receivedAt: Date | null;
  /** When the vendor repaired or replaced it. */
  resolvedAt: Date | null;
  returnedAt: Date | null;
  replacementSerial: string | null;
  notes: string | null;
  createdBy: string;
  updatedAt: Date;
}

export type RmaStep = 'receive' | 'repair' | 'replace' | 'return';

/** Which state each step needs and leads to. */
const STEPS: Record<RmaStep, { from: RmaState[]; to: RmaState }> = {
  receive: { from: ['sent'], to: 'received' },
  repair: { from: ['received'], to: 'repaired' },
  replace: { from: ['received'], to: 'replaced' },
  return: { from: ['repaired', 'replaced'], to: 'returned' },
};

export const RMA_STEPS = Object.keys(STEPS) as RmaStep[];

/** The state a step leads to, or null when the RMA is not where the step starts. */
export function nextRmaState(state: RmaState, step: RmaStep): RmaState | null {
  return STEPS[step].from.includes(state) ? STEPS[step].to : null;
}

/** Days from sent to returned (to now while it is still away), one decimal. */
export function turnaroundDays(rma: Pick<Rma, 'sentAt' | 'returnedAt'>, now: Date): number {
  return Math.round((((rma.returnedAt ?? now).getTime() - rma.sentAt.getTime()) / 86_400_000) * 10) / 10;
}

export interface RmaTurnaround {
  vendor: string;
  model: string | null;
  count: number;
  meanDays: number;
  maxDays: number;
}

/** Turnaround per vendor and model of the RMAs returned: how many, mean and longest days. */
export function rmaTurnaround(rmas: readonly Pick<Rma, 'vendor' | 'model' | 'sentAt' | 'returnedAt'>[]): RmaTurnaround[] {
  const groups = new Map<string, { vendor: string; model: string | null; days: number[] }>();
  for (const r of rmas) {
    if (!r.returnedAt) continue;
    const key = `${r.vendor}\u0000${r.model ?? ''}`;
    const g = groups.get(key) ?? { vendor: r.vendor, model: r.model, days: [] };
    g.days.push(turnaroundDays(r, r.returnedAt));
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => ({
      vendor: g.vendor,
      model: g.model,
      count: g.days.length,
      meanDays: Math.round((g.days.reduce((a, b) => a + b, 0) / g.days.length) * 10) / 10,
      maxDays: Math.max(...g.days),
    }))
    .sort((a, b) => a.vendor.localeCompare(b.vendor) || (a.model ?? '').localeCompare(b.model ?? ''));
}
