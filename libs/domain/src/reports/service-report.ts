import { faultHandling } from '../faults/fault-handling';
import { SLA_STEPS, type FaultLevel, type SlaStep } from '../sla/sla-policy';

/** One fault of the month as the report needs it. */
export interface ReportFault {
  id: string;
  deviceId: string | null;
  deviceModel: string | null;
  kind: string;
  level: FaultLevel;
  openedAt: Date;
  acknowledgedAt: Date | null;
  restoredAt: Date | null;
  closedAt: Date | null;
  /** When health recovery cleared it. */
  clearedAt: Date | null;
  /** Each step's outcome: met, breached, pending, paused, or null (no target). */
  sla: Record<SlaStep, string | null> | null;
}

export interface ReportPatrol {
  kind: string;
  dueAt: Date;
  submittedAt: Date | null;
  signed: boolean;
}

export interface OnlineShare {
  key: string;
  onlineSec: number;
  observedSec: number;
}

export interface ServiceMonthInput {
  faults: ReportFault[];
  patrols: ReportPatrol[];
  onlineBySite: OnlineShare[];
  onlineByType: OnlineShare[];
  /** For patrols: which are past their due yet. */
  now: Date;
}

const tenth = (x: number) => Math.round(x * 10) / 10;
const mean = (xs: number[]) => (xs.length === 0 ? null : tenth(xs.reduce((a, b) => a + b, 0) / xs.length));
const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return tenth(s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2);
};
/** 在线率: online seconds over observed seconds, four decimals; null when nothing was observed. The one way it is computed (reports, video figures). */
export function onlineRate(s: { onlineSec: number; observedSec: number }): number | null {
  return s.observedSec > 0 ? Math.round((s.onlineSec / s.observedSec) * 10_000) / 10_000 : null;
}
const rate = (s: OnlineShare) => ({
  key: s.key,
  onlineRate: onlineRate(s),
  observedHours: Math.round(s.observedSec / 360) / 10,
});

/**
 * The monthly service report of a contract (月度运维报告): online rate (在线率) per site and device type,
 * faults by level, SLA compliance per step, MTTA and MTTR, patrols done on time, repeat faults and the
 * device models that fail most. MTTA and MTTR count the faults people handled; faults that cleared by
 * themselves before anyone acted are counted apart (a flap of seconds says nothing of the service). The
 * on-time rate counts the patrols whose outcome is known: submitted, or past their due; not those still ahead.
 */
export function summariseServiceMonth(input: ServiceMonthInput) {
  const byLevel: Record<FaultLevel, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const f of input.faults) byLevel[f.level] += 1;
  const sla = Object.fromEntries(
    SLA_STEPS.map((step) => {
      const met = input.faults.filter((f) => f.sla?.[step] === 'met').length;
      const breached = input.faults.filter((f) => f.sla?.[step] === 'breached').length;
      return [step, { met, breached, compliance: met + breached > 0 ? Math.round((met / (met + breached)) * 1000) / 1000 : null }];
    }),
  ) as Record<SlaStep, { met: number; breached: number; compliance: number | null }>;
  const minutes = (a: Date, b: Date | null) => (b ? (b.getTime() - a.getTime()) / 60_000 : null);
  const known = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);
  const handled = input.faults.filter((f) => faultHandling(f) === 'handled');
  const selfCleared = input.faults.filter((f) => faultHandling(f) === 'self-cleared');
  const mtta = mean(known(handled.map((f) => minutes(f.openedAt, f.acknowledgedAt))));
  const mttr = mean(known(handled.map((f) => minutes(f.openedAt, f.restoredAt ?? f.closedAt))));
  const repeats = new Map<string, { deviceId: string; kind: string; count: number }>();
  for (const f of input.faults) {
    if (!f.deviceId) continue;
    const key = `${f.deviceId}|${f.kind}`;
    const r = repeats.get(key) ?? { deviceId: f.deviceId, kind: f.kind, count: 0 };
    r.count += 1;
    repeats.set(key, r);
  }
  const models = new Map<string, number>();
  for (const f of input.faults) if (f.deviceModel) models.set(f.deviceModel, (models.get(f.deviceModel) ?? 0) + 1);
  const onTime = input.patrols.filter((p) => p.submittedAt && p.submittedAt <= p.dueAt).length;
  const late = input.patrols.filter((p) => p.submittedAt && p.submittedAt > p.dueAt).length;
  const overdue = input.patrols.filter((p) => !p.submittedAt && p.dueAt < input.now).length;
  // a patrol not submitted whose due is still ahead has not had its chance yet
  const settled = onTime + late + overdue;
  return {
    online: { bySite: input.onlineBySite.map(rate), byDeviceType: input.onlineByType.map(rate) },
    faults: {
      total: input.faults.length,
      byLevel,
      handled: handled.length,
      mttaMinutes: mtta,
      mttrMinutes: mttr,
      selfCleared: { count: selfCleared.length, medianMinutes: median(known(selfCleared.map((f) => minutes(f.openedAt, f.clearedAt)))) },
    },
    sla,
    patrols: {
      total: input.patrols.length,
      settled,
      onTime,
      late,
      overdue,
      notYetDue: input.patrols.length - settled,
      signed: input.patrols.filter((p) => p.signed).length,
      onTimeRate: settled > 0 ? Math.round((onTime / settled) * 1000) / 1000 : null,
    },
    repeatFaults: [...repeats.values()].filter((r) => r.count >= 2).sort((a, b) => b.count - a.count || a.deviceId.localeCompare(b.deviceId)),
    failingModels: [...models.entries()]
      .map(([model, faults]) => ({ model, faults }))
      .sort((a, b) => b.faults - a.faults || a.model.localeCompare(b.model))
      .slice(0, 10),
  };
}

export type ServiceMonth = ReturnType<typeof summariseServiceMonth>;
