import { ContractTermsRepository } from './contract-terms.repository';
import type { Callback, CallbackSettings, Page, PageRequest, Survey, SurveyState } from '@vigil/domain';

export interface CallbackFilter {
  siteId?: string;
  customerId?: string;
  assigneeId?: string;
  state?: Callback['state'];
  /** Not done and past their miss time at `missedAt`. */
  missedAt?: Date;
  /** Due in [dueFrom, dueTo). */
  dueFrom?: Date;
  dueTo?: Date;
  faultId?: string;
  rootId?: string;
  /** A user's scope: only these sites (null or absent: every site). */
  siteIds?: string[] | null;
}

/** Callbacks (回访): each chain's calls, newest due first in lists. */
export abstract class CallbackRepository {
  abstract findById(id: string): Promise<Callback | null>;
  /** Reads it for a change in the current transaction, locking its row where the database can. */
  abstract findByIdForUpdate(id: string): Promise<Callback | null>;
  /** Inserts the first callback of a job unless one exists for the same source (`fault:<id>`, `patrol:<id>`, `survey:<id>`); answers false then. */
  abstract insertFirst(callback: Callback, sourceKey: string): Promise<boolean>;
  abstract insert(callback: Callback): Promise<void>;
  abstract update(callback: Callback): Promise<void>;
  abstract list(filter: CallbackFilter, page: PageRequest): Promise<Page<Callback>>;
}

export interface SurveyFilter {
  siteId?: string;
  customerId?: string;
  contractId?: string;
  period?: string;
  state?: SurveyState;
  /** Answered in [answeredFrom, answeredTo). */
  answeredFrom?: Date;
  answeredTo?: Date;
  siteIds?: string[] | null;
}

export abstract class SurveyRepository {
  abstract findById(id: string): Promise<Survey | null>;
  abstract findByIdForUpdate(id: string): Promise<Survey | null>;
  abstract insert(survey: Survey): Promise<void>;
  abstract update(survey: Survey): Promise<void>;
  abstract list(filter: SurveyFilter, page: PageRequest): Promise<Page<Survey>>;
}

/** Each contract's callback and survey terms, as the contract gave them (the defaults fill the rest). */
export abstract class CallbackSettingsRepository extends ContractTermsRepository<CallbackSettings> {}
