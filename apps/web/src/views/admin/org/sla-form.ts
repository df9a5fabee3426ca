import { DEMO_SLA_POLICY } from '@vigil/domain/sla/sla-policy';
import type { SlaPolicy, SlaTargets } from './types';

export const SLA_LEVELS = ['1', '2', '3', '4'] as const;
export const SLA_TARGETS = ['respondMinutes', 'arriveMinutes', 'restoreMinutes', 'repairWorkingDays'] as const;
export type TargetKey = (typeof SLA_TARGETS)[number];

/** A policy as the form edits it: every target as the text typed (empty: no target). */
export interface SlaForm {
  timeZone: string;
  repairMode: SlaPolicy['repairMode'];
  regions: string[];
  targets: Record<string, Record<string, Record<TargetKey, string>>>;
}

const emptyTargets = (): Record<TargetKey, string> => ({ respondMinutes: '', arriveMinutes: '', restoreMinutes: '', repairWorkingDays: '' });

export function policyToForm(policy: SlaPolicy = DEMO_SLA_POLICY as SlaPolicy): SlaForm {
  const targets: SlaForm['targets'] = {};
  for (const level of SLA_LEVELS) {
    targets[level] = {};
    for (const region of policy.regions) {
      const given: Partial<SlaTargets> = policy.levels?.[level]?.[region] ?? {};
      targets[level][region] = Object.fromEntries(SLA_TARGETS.map((k) => [k, given[k] === null || given[k] === undefined ? '' : String(given[k])])) as Record<TargetKey, string>;
    }
  }
  return { timeZone: policy.timeZone, repairMode: policy.repairMode, regions: [...policy.regions], targets };
}

/**
 * A typed target as the API takes it: empty is null (no target), a number is a number, and anything else is sent
 * as typed, so the server's own message names what is wrong with it (one set of rules, the server's).
 */
export function targetValue(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^[-+]?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

export function formToPolicy(form: SlaForm): SlaPolicy {
  const levels: Record<string, Record<string, Record<TargetKey, number | string | null>>> = {};
  for (const level of SLA_LEVELS) {
    levels[level] = {};
    for (const region of form.regions) {
      const typed = form.targets[level]?.[region] ?? emptyTargets();
      levels[level][region] = Object.fromEntries(SLA_TARGETS.map((k) => [k, targetValue(typed[k])])) as Record<TargetKey, number | string | null>;
    }
  }
  return { timeZone: form.timeZone, repairMode: form.repairMode, regions: [...form.regions], levels: levels as SlaPolicy['levels'] };
}

/** A region added to every level, with no targets yet (the server asks for them). */
export function addRegion(form: SlaForm, region: string): void {
  const name = region.trim();
  if (name === '' || form.regions.includes(name)) return;
  form.regions.push(name);
  for (const level of SLA_LEVELS) (form.targets[level] ??= {})[name] = emptyTargets();
}

export function removeRegion(form: SlaForm, region: string): void {
  form.regions = form.regions.filter((r) => r !== region);
  for (const level of SLA_LEVELS) delete form.targets[level]?.[region];
}

/** The path the server names a target's problem by: `slaPolicy.levels.1.Qingdao.respondMinutes`. */
export function targetPath(level: string, region: string, key: TargetKey): string {
  return `slaPolicy.levels.${level}.${region}.${key}`;
}
