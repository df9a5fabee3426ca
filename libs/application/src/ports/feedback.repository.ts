import type { FeedbackChannel, FeedbackEntry, FeedbackHistoryItem, FeedbackKind, FeedbackState, Page, PageRequest } from '@vigil/domain';

export interface FeedbackFilter {
  /** The scope: entries at these sites (null: every site) … */
  siteIds?: readonly string[] | null;
  /** … and entries of no site of these customers (null: every customer). Both null: everything. */
  customerIds?: readonly string[] | null;
  customerId?: string;
  siteId?: string;
  deviceId?: string;
  faultId?: string;
  kind?: FeedbackKind;
  channel?: FeedbackChannel;
  state?: FeedbackState;
  /** Complaints past their due at this instant and not resolved. */
  overdueAt?: Date;
  /** Received in [from, to). */
  from?: Date;
  to?: Date;
}

/** The feedback register and each entry's history. */
export abstract class FeedbackRepository {
  abstract findById(id: string): Promise<FeedbackEntry | null>;
  /** Reads an entry for a change in the current transaction, locking its row where the database can (a concurrent change waits, never overwritten). */
  abstract findByIdForUpdate(id: string): Promise<FeedbackEntry | null>;
  abstract findByIds(ids: string[]): Promise<FeedbackEntry[]>;
  abstract insert(entry: FeedbackEntry): Promise<void>;
  abstract update(entry: FeedbackEntry): Promise<void>;
  /** Newest received first. */
  abstract list(filter: FeedbackFilter, page: PageRequest): Promise<Page<FeedbackEntry>>;
  abstract addHistory(entryId: string, item: FeedbackHistoryItem): Promise<void>;
  abstract history(entryId: string): Promise<FeedbackHistoryItem[]>;
}
