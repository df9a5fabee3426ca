export const SLA_STEPS = ['respond', 'arrive', 'restore', 'repair'] as const;
export type SlaStep = (typeof SLA_STEPS)[number];
export type FaultLevel = 1 | 2 | 3 | 4;

/** Targets of one fault level in one region; null means the step has no target. */
export interface SlaTargets {
  respondMinutes: number | null;
  arriveMinutes: number | null;
  restoreMinutes: number | null;
  repairWorkingDays: number | null;
}

/** A contract's SLA as data: targets per level × region, in the contract's time zone. */
export interface SlaPolicy {
  timeZone: string;
  regions: string[];
  /** calendar-days: due 24:00 local of the N-th working day after the report's day; rolling: N×24 h of working time. */
  repairMode: 'calendar-days' | 'rolling-working-time';
  levels: Record<`${FaultLevel}`, Record<string, SlaTargets>>;
}

const both = (t: SlaTargets, provinceArrive: number | null): Record<string, SlaTargets> => ({
  Qingdao: t,
  province: { ...t, arriveMinutes: provinceArrive },
});

/** The tender's contract, tighter for levels 1–2 (DOMAIN.md "Default policy of the demo contract"). */
export const DEMO_SLA_POLICY: SlaPolicy = {
  timeZone: 'Asia/Shanghai',
  regions: ['Qingdao', 'province'],
  repairMode: 'calendar-days',
  levels: {
    '1': both({ respondMinutes: 30, arriveMinutes: 60, restoreMinutes: 240, repairWorkingDays: 2 }, 24 * 60),
    '2': both({ respondMinutes: 60, arriveMinutes: 60, restoreMinutes: 24 * 60, repairWorkingDays: 3 }, 24 * 60),
    '3': both({ respondMinutes: 120, arriveMinutes: 60, restoreMinutes: null, repairWorkingDays: 5 }, 24 * 60),
    '4': both({ respondMinutes: 120, arriveMinutes: null, restoreMinutes: null, repairWorkingDays: 5 }, null),
  },
};
