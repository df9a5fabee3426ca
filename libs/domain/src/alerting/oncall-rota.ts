import type { FaultLevel } from '../sla/sla-policy';

export const WEBHOOK_FORMATS = ['json', 'wecom', 'dingtalk'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface WebhookTarget {
  url: string;
  format: WebhookFormat;
}

/**
 * Who is on call for part of the estate: members take turns of `shiftDays` from `startsAt`; the next
 * in turn is the backup; overrides replace the primary for a period; supervisors and managers are the
 * later steps of the escalation chain.
 */
export interface OnCallRota {
  id: string;
  name: string;
  contractId: string | null;
  /** Which faults: sites (null: all), regions (null: all), and levels up to `maxLevel` (4: all). */
  siteIds: string[] | null;
  regions: string[] | null;
  maxLevel: FaultLevel;
  /** 7x24 phone cover, or 5x8 on-site cover (working days, working hours of the site). */
  cover: '7x24' | '5x8';
  members: string[];
  startsAt: string;
  shiftDays: number;
  overrides: { from: string; to: string; userId: string }[];
  supervisorIds: string[];
  managerIds: string[];
  webhooks: WebhookTarget[];
  /** Minutes without acknowledgement before each next step: backup, supervisor, manager. */
  escalateAfterMinutes: [number, number, number];
  /** Minutes between repeats to the people already told, until someone acknowledges. */
  repeatEveryMinutes: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RotaTarget {
  siteId: string;
  region: string;
  level: FaultLevel;
  contractId: string | null;
}

export function rotaCovers(rota: OnCallRota, t: RotaTarget): boolean {
  return (
    (rota.contractId === null || rota.contractId === t.contractId) &&
    (rota.siteIds === null || rota.siteIds.includes(t.siteId)) &&
    (rota.regions === null || rota.regions.includes(t.region)) &&
    t.level <= rota.maxLevel
  );
}

/** Whether a user takes turns on the rota: a member, or standing in for one by an override. */
export function onRota(rota: Pick<OnCallRota, 'members' | 'overrides'>, userId: string): boolean {
  return rota.members.includes(userId) || rota.overrides.some((o) => o.userId === userId);
}

/** The primary and backup on call at an instant; an override replaces the primary. */
export function onCallAt(rota: OnCallRota, at: Date): { primary: string | null; backup: string | null } {
  if (rota.members.length === 0) return { primary: null, backup: null };
  const shiftMs = rota.shiftDays * 24 * 3600 * 1000;
  const elapsed = at.getTime() - Date.parse(rota.startsAt);
  const turn = ((Math.floor(elapsed / shiftMs) % rota.members.length) + rota.members.length) % rota.members.length;
  const scheduled = rota.members[turn];
  const override = rota.overrides.find((o) => Date.parse(o.from) <= at.getTime() && at.getTime() < Date.parse(o.to));
  const primary = override?.userId ?? scheduled;
  const backup = rota.members.length > 1 ? rota.members[(turn + 1) % rota.members.length] : null;
  return { primary, backup: backup === primary ? scheduled : backup };
}

/** Who each escalation step tells: 0 on call, 1 backup, 2 supervisors, 3 managers. */
export function recipientsOfStep(rota: OnCallRota, step: number, at: Date): string[] {
  const { primary, backup } = onCallAt(rota, at);
  const list = [[primary], [backup], rota.supervisorIds, rota.managerIds][step] ?? [];
  return list.filter((id): id is string => typeof id === 'string');
}

export const ESCALATION_STEPS = ['on-call', 'backup', 'supervisor', 'manager'] as const;
