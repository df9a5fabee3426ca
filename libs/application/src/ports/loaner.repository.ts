import type { Loan, LoanerUnit, LoanState, Page, PageRequest, Rma, RmaState } from '@vigil/domain';

export interface LoanFilter {
  loanerId?: string;
  siteId?: string;
  /** The away device, or the loaner: every loan either took part in. */
  deviceId?: string;
  faultId?: string;
  state?: LoanState;
  /** A user's scope: only these sites (null or absent: every site). */
  siteIds?: string[] | null;
  /** Loans out at any time in [from, to). */
  from?: Date;
  to?: Date;
}

export abstract class LoanerRepository {
  abstract findById(id: string): Promise<LoanerUnit | null>;
  abstract list(filter: { storeId?: string; state?: LoanerUnit['state'] }): Promise<LoanerUnit[]>;
  abstract save(unit: LoanerUnit): Promise<void>;
}

export abstract class LoanRepository {
  abstract findById(id: string): Promise<Loan | null>;
  abstract list(filter: LoanFilter, page: PageRequest): Promise<Page<Loan>>;
  /** The loan out for this loaner or away device, if any. */
  abstract outFor(deviceId: string): Promise<Loan | null>;
  abstract save(loan: Loan): Promise<void>;
  /** Marks a device of the register away on this loan (or back, with null): ingest leaves an away device off its watch. */
  abstract markAway(deviceId: string, loanId: string | null): Promise<void>;
}

export interface RmaFilter {
  deviceId?: string;
  faultId?: string;
  vendor?: string;
  state?: RmaState;
  siteIds?: string[] | null;
  customerId?: string;
  /** Returned in [from, to). */
  returnedFrom?: Date;
  returnedTo?: Date;
}

export abstract class RmaRepository {
  abstract findById(id: string): Promise<Rma | null>;
  abstract list(filter: RmaFilter, page: PageRequest): Promise<Page<Rma>>;
  abstract save(rma: Rma): Promise<void>;
}

/** A fault flagged as a repeat of an earlier one on the same device: replacing it is recommended. */
export interface RepeatFailure {
  faultId: string;
  earlierFaultId: string;
  deviceId: string;
  siteId: string;
  flaggedAt: Date;
}

export abstract class RepeatFailureRepository {
  abstract find(faultId: string): Promise<RepeatFailure | null>;
  /** Answers false when the fault was flagged already. */
  abstract insert(flag: RepeatFailure): Promise<boolean>;
}
