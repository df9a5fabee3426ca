import type { Fault, FaultKind, FaultLevel, FaultState, Page, PageRequest } from '@vigil/domain';

export interface FaultFilter {
  deviceId?: string;
  siteId?: string;
  level?: FaultLevel;
  /** 'open' is every state but closed. */
  state?: FaultState | 'open';
  kind?: FaultKind;
  from?: Date;
  to?: Date;
  assigneeId?: string;
  /** A user's scope: only these sites (null or absent: every site). */
  siteIds?: string[] | null;
  contractId?: string;
}

export interface FaultHistoryEntry {
  faultId: string;
  at: Date;
  type: string;
  actor: string | null;
  role: string | null;
  detail: Record<string, unknown> | null;
}

export abstract class FaultRepository {
  abstract findById(id: string): Promise<Fault | null>;
  abstract findOpenByKey(key: string): Promise<Fault | null>;
  /** Inserts an open fault unless one with the same open key exists; answers false then (the database decides). */
  abstract insertOpen(fault: Fault): Promise<boolean>;
  abstract update(fault: Fault): Promise<void>;
  /** Reads the fault for a change in the current transaction, locking its row where the database can. */
  abstract findByIdForUpdate(id: string): Promise<Fault | null>;
  /** Keeps the SLA outcome computed at a change; serialised as JSON (instants as ISO text). */
  abstract recordSla(id: string, outcome: unknown): Promise<void>;
  abstract slaRecordOf(id: string): Promise<unknown>;
  abstract list(filter: FaultFilter, page: PageRequest): Promise<Page<Fault>>;
  abstract countOpenByLevel(siteIds?: string[] | null): Promise<Record<FaultLevel, number>>;
  /** Open top-level faults per site and level, with when the oldest of them opened. */
  abstract openCountsBySiteAndLevel(siteIds?: string[] | null): Promise<{ siteId: string; level: FaultLevel; count: number; oldestOpenedAt: Date }[]>;
  /** Faults open at any time in [from, to), for trends; at most `limit`. */
  abstract overlapping(from: Date, to: Date, limit: number): Promise<Fault[]>;
  abstract openOfDevices(deviceIds: string[], kind: FaultKind): Promise<Fault[]>;
  /** Lists devices as affected by the fault (an outage's members); ones already listed stay as they are. */
  abstract addAffected(faultId: string, deviceIds: string[], since: Date): Promise<void>;
  /** Removes the device from whichever fault it was counted in; answers those faults' ids. */
  abstract removeAffected(deviceId: string): Promise<string[]>;
  abstract affectedOf(faultId: string): Promise<string[]>;
  abstract countAffected(faultId: string): Promise<number>;
  abstract clearAffected(faultId: string): Promise<void>;
  /** The open fault that lists the device as affected, if any. */
  abstract faultAffecting(deviceId: string): Promise<string | null>;
  abstract appendHistory(entry: FaultHistoryEntry): Promise<void>;
  abstract history(faultId: string): Promise<FaultHistoryEntry[]>;
}

export interface ScheduledAction {
  id: number;
  key: string;
  kind: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Durable timers: survive restarts, and each due action is handed to one process at a time. */
export abstract class ScheduledActions {
  /** Creates or moves the action with this key. */
  abstract schedule(key: string, kind: string, dueAt: Date, payload: Record<string, unknown>): Promise<void>;
  abstract cancel(keyPrefix: string): Promise<void>;
  /** Leases due actions until `leaseUntil`; a process that dies mid-action leaves it to run again then. */
  abstract claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ScheduledAction[]>;
  /** Done: removes the action unless it was rescheduled meanwhile. */
  abstract complete(action: ScheduledAction): Promise<void>;
  abstract pending(keyPrefix: string): Promise<ScheduledAction[]>;
}
