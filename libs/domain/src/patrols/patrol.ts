import type { ItemResult } from './checklist';
import type { PatrolKind } from './patrol-period';

/** due → in-progress → submitted → signed; overdue and missed are read from the clock, never stored. */
export const PATROL_STATES = ['due', 'in-progress', 'submitted', 'signed'] as const;
export type PatrolState = (typeof PATROL_STATES)[number];

export interface Signature {
  signerName: string;
  signerTitle: string;
  /** PNG data URLs: the signature drawn in the browser and the stamp (盖章). */
  signature: string;
  stamp: string | null;
  signedAt: Date;
}

export interface Patrol {
  id: string;
  planId: string;
  siteId: string;
  contractId: string | null;
  kind: PatrolKind;
  templateId: string;
  templateVersion: number;
  period: string;
  periodStart: Date;
  periodEnd: Date;
  dueAt: Date;
  state: PatrolState;
  /** Generated after its due had passed (the scheduler was down): caught up, and said so. */
  generatedLate: boolean;
  assigneeId: string | null;
  startedAt: Date | null;
  submittedAt: Date | null;
  results: ItemResult[];
  signoff: Signature | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Overdue: past due and not submitted; missed: its whole period is over and it was never submitted. */
export function patrolTiming(p: Pick<Patrol, 'state' | 'dueAt' | 'periodEnd'>, now: Date): { overdue: boolean; missed: boolean } {
  const open = p.state === 'due' || p.state === 'in-progress';
  return { overdue: open && now > p.dueAt, missed: open && now >= p.periodEnd };
}

/** A contract's recurring patrol: which template, which sites (null: every site under the contract), when. */
export interface PatrolPlan {
  id: string;
  contractId: string | null;
  kind: PatrolKind;
  templateId: string;
  siteIds: string[] | null;
  schedule: import('./patrol-period').PlanSchedule;
  /** YYYY-MM-DD: no patrols for periods before it. */
  startsOn: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The sites a plan makes patrols at: those it names, else every site under its contract, else (no contract) every site. */
export function planSites<S extends { id: string; contractId: string | null }>(plan: Pick<PatrolPlan, 'siteIds' | 'contractId'>, sites: readonly S[]): S[] {
  if (plan.siteIds) return sites.filter((s) => plan.siteIds!.includes(s.id));
  return sites.filter((s) => plan.contractId === null || s.contractId === plan.contractId);
}

export interface PatrolPhoto {
  id: string;
  patrolId: string;
  lineKey: string;
  path: string;
  contentType: string;
  bytes: number;
  sha256: string;
  uploadedBy: string;
  createdAt: Date;
}

/** After sign-off a record never changes: a correction is a new entry that refers to it. */
export interface PatrolCorrection {
  patrolId: string;
  lineKey: string;
  outcome: string;
  value: string | null;
  note: string;
  by: string;
  at: Date;
}
