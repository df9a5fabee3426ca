import type { ChecklistTemplate, Page, PageRequest, Patrol, PatrolCorrection, PatrolKind, PatrolPhoto, PatrolPlan, PatrolState } from '@vigil/domain';

export interface PatrolFilter {
  siteId?: string;
  contractId?: string;
  /** A user's scope (null or absent: every site). */
  siteIds?: string[] | null;
  planId?: string;
  kind?: PatrolKind;
  state?: PatrolState;
  assigneeId?: string;
  /** Patrols whose period overlaps [from, to). */
  from?: Date;
  to?: Date;
}

export abstract class PatrolRepository {
  abstract templates(): Promise<ChecklistTemplate[]>;
  abstract template(id: string, version: number): Promise<ChecklistTemplate | null>;
  abstract saveTemplate(template: ChecklistTemplate, at: Date): Promise<void>;
  abstract plans(): Promise<PatrolPlan[]>;
  abstract savePlan(plan: PatrolPlan): Promise<void>;
  /** Inserts unless the plan already has a patrol for that site and period; the database decides. */
  abstract insertIfAbsent(patrol: Patrol): Promise<boolean>;
  /** `siteId|period` of the plan's patrols from that instant on. */
  abstract existingKeys(planId: string, from: Date): Promise<Set<string>>;
  abstract findById(id: string): Promise<Patrol | null>;
  abstract update(patrol: Patrol): Promise<void>;
  abstract list(filter: PatrolFilter, page: PageRequest): Promise<Page<Patrol>>;
  abstract overdueUnnotified(now: Date): Promise<Patrol[]>;
  /** The lines with their evidence as submitted (JSON-safe), kept unchanged from then on. */
  abstract freezeLines(id: string, lines: unknown[]): Promise<void>;
  abstract frozenLines(id: string): Promise<unknown[] | null>;
  /** Marks the patrol's overdue notice as sent; false when another scheduler got there first. */
  abstract claimOverdueNotice(id: string, at: Date): Promise<boolean>;
  abstract addPhoto(photo: PatrolPhoto): Promise<void>;
  abstract photos(patrolId: string): Promise<PatrolPhoto[]>;
  abstract addCorrection(correction: PatrolCorrection): Promise<void>;
  abstract corrections(patrolId: string): Promise<PatrolCorrection[]>;
}

/** Where photos, signatures and stamps are kept: files under VIGIL_DATA_DIR. */
export abstract class FileStore {
  abstract write(relativePath: string, data: Buffer): Promise<void>;
  abstract read(relativePath: string): Promise<Buffer>;
}
