import type { PatrolKind } from '@vigil/domain/patrols/patrol-period';
import { DEFAULT_ZONE } from '@web/composables/local-time';
import type { ContractRow, PlanRow, SiteRow } from './types';
import { toLocal } from './zoned-time';

/** A patrol plan as typed: which checklist (the kind's latest template), over what, from when, on which calendar. */
export interface PlanDraft {
  kind: PatrolKind;
  /** `contract`: every site under it; `sites`: the sites named (of the contract, if one is chosen too); `all`: the whole estate. */
  reach: 'contract' | 'sites' | 'all';
  contractId: string;
  siteIds: string[];
  startsOn: string;
  timeZone: string;
  weeklyAt: string;
  /** '' for the default (the period's last day). */
  dueAfterDays: string;
  useCron: boolean;
  cron: string;
  durationMinutes: string;
}

export interface PlanProblem {
  field: string;
  key: string;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function blankPlan(kind: PatrolKind, now: Date, zone = DEFAULT_ZONE): PlanDraft {
  return {
    kind,
    reach: 'contract',
    contractId: '',
    siteIds: [],
    startsOn: toLocal(now, zone).slice(0, 10),
    timeZone: '',
    weeklyAt: '09:00',
    dueAfterDays: '',
    useCron: false,
    cron: '',
    durationMinutes: '',
  };
}

/** The zone the plan's calendar runs in when none is typed: its contract's, else its first site's, else the default. */
export function planZone(
  d: Pick<PlanDraft, 'timeZone' | 'contractId' | 'siteIds' | 'reach'>,
  sites: ReadonlyMap<string, SiteRow>,
  contracts: ReadonlyMap<string, ContractRow>,
): string {
  if (d.timeZone.trim()) return d.timeZone.trim();
  if (d.reach !== 'all' && d.contractId && contracts.get(d.contractId)) return contracts.get(d.contractId)!.timeZone;
  if (d.reach === 'sites') return d.siteIds.map((id) => sites.get(id)?.timeZone).find((z) => z) ?? DEFAULT_ZONE;
  return DEFAULT_ZONE;
}

const isZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
const whole = (text: string, min: number, max: number) => /^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max;

/** What is wrong before the plan is sent (PlanDto, PatrolGenerator.createPlan); the server checks the cron and the rest again. */
export function checkPlan(d: PlanDraft): PlanProblem[] {
  const out: PlanProblem[] = [];
  const p = (field: string, key: string) => out.push({ field, key: `people.plans.problem.${key}` });
  if (d.reach === 'contract' && !d.contractId) p('contractId', 'contract');
  if (d.reach === 'sites' && d.siteIds.length === 0) p('siteIds', 'sites');
  const date = new Date(`${d.startsOn}T00:00:00Z`);
  if (!DATE.test(d.startsOn) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== d.startsOn) p('startsOn', 'date');
  if (d.timeZone.trim() && !isZone(d.timeZone.trim())) p('timeZone', 'zone');
  if (d.useCron) {
    if (d.cron.trim().split(/\s+/).length !== 5) p('cron', 'cron');
    if (d.durationMinutes.trim() && !whole(d.durationMinutes, 1, 527_040)) p('durationMinutes', 'duration');
  } else if (d.kind === 'weekly-power-on') {
    if (!HHMM.test(d.weeklyAt)) p('weeklyAt', 'weeklyAt');
  } else if (d.dueAfterDays.trim() && !whole(d.dueAfterDays, 1, 180)) p('dueAfterDays', 'dueAfterDays');
  return out;
}

export interface PlanBody {
  kind: PatrolKind;
  contractId?: string;
  siteIds?: string[];
  startsOn: string;
  timeZone?: string;
  weeklyAt?: string;
  dueAfterDays?: number;
  cron?: string;
  durationMinutes?: number;
}

/** The body of POST /api/patrol-plans: only what the chosen calendar uses. */
export function planBody(d: PlanDraft): PlanBody {
  const body: PlanBody = { kind: d.kind, startsOn: d.startsOn };
  if (d.reach !== 'all' && d.contractId) body.contractId = d.contractId;
  if (d.reach === 'sites') body.siteIds = [...d.siteIds];
  if (d.timeZone.trim()) body.timeZone = d.timeZone.trim();
  if (d.useCron) {
    body.cron = d.cron.trim().replace(/\s+/g, ' ');
    if (d.durationMinutes.trim()) body.durationMinutes = Number(d.durationMinutes);
  } else if (d.kind === 'weekly-power-on') body.weeklyAt = d.weeklyAt;
  else if (d.dueAfterDays.trim()) body.dueAfterDays = Number(d.dueAfterDays);
  return body;
}

/** A plan's calendar in words: a message key and its values. */
export function scheduleText(schedule: PlanRow['schedule']): { key: string; params: Record<string, string | number> } {
  if (schedule.cron)
    return {
      key: schedule.durationMinutes ? 'people.plans.schedule.cronFor' : 'people.plans.schedule.cron',
      params: { cron: schedule.cron, minutes: schedule.durationMinutes ?? 0 },
    };
  if (schedule.kind === 'weekly-power-on') return { key: 'people.plans.schedule.weekly', params: { at: schedule.weeklyAt ?? '09:00' } };
  const period = schedule.kind === 'monthly' ? 'month' : 'half';
  return schedule.dueAfterDays ? { key: `people.plans.schedule.${period}Due`, params: { days: schedule.dueAfterDays } } : { key: `people.plans.schedule.${period}`, params: {} };
}
