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
  /** For patrols still open: are they overdue yet. */
  now: Date;
}

const mean = (xs: number[]) => (xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10);
const rate = (s: OnlineShare) => ({ key: s.key, onlineRate: s.observedSec > 0 ? Math.round((s.onlineSec / s.observedSec) * 10_000) / 10_000 : null, observedHours: Math.round(s.observedSec / 360) / 10 });

/**
 * The monthly service report of a contract (月度运维报告): online rate (在线率) per site and device type,
 * faults by level, SLA compliance per step, MTTA and MTTR, patrols done on time, repeat faults and the
 * device models that fail most.
 */
export function summariseServiceMonth(input: ServiceMonthInput) {
  const byLevel: Record<FaultLevel, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const f of input.faults) byLevel[f.level] += 1;
  const sla = Object.fromEntries(SLA_STEPS.map((step) => {
    const met = input.faults.filter((f) => f.sla?.[step] === 'met').length;
    const breached = input.faults.filter((f) => f.sla?.[step] === 'breached').length;
    return [step, { met, breached, compliance: met + breached > 0 ? Math.round((met / (met + breached)) * 1000) / 1000 : null }];
  })) as Record<SlaStep, { met: number; breached: number; compliance: number | null }>;
  const minutes = (a: Date, b: Date | null) => (b ? (b.getTime() - a.getTime()) / 60_000 : null);
  const mtta = mean(input.faults.map((f) => minutes(f.openedAt, f.acknowledgedAt)).filter((x): x is number => x !== null));
  const mttr = mean(input.faults.map((f) => minutes(f.openedAt, f.restoredAt ?? f.closedAt)).filter((x): x is number => x !== null));
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
  return {
    online: { bySite: input.onlineBySite.map(rate), byDeviceType: input.onlineByType.map(rate) },
    faults: { total: input.faults.length, byLevel, mttaMinutes: mtta, mttrMinutes: mttr },
    sla,
    patrols: { total: input.patrols.length, onTime, late, overdue, signed: input.patrols.filter((p) => p.signed).length, onTimeRate: input.patrols.length > 0 ? Math.round((onTime / input.patrols.length) * 1000) / 1000 : null },
    repeatFaults: [...repeats.values()].filter((r) => r.count >= 2).sort((a, b) => b.count - a.count || a.deviceId.localeCompare(b.deviceId)),
    failingModels: [...models.entries()].map(([model, faults]) => ({ model, faults })).sort((a, b) => b.faults - a.faults || a.model.localeCompare(b.model)).slice(0, 10),
  };
}

export type ServiceMonth = ReturnType<typeof summariseServiceMonth>;
