import { Injectable } from '@nestjs/common';
import { CALLBACK_TERMS, type CallbackSettings } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ContractTermsService, type ContractTermsView } from '../contracts/contract-terms.service';
import { AccessPolicy } from '../identity/access-policy';
import { CallbackSettingsRepository, ClockPort, ContractRepository, TransactionRunner } from '../ports';

export type CallbackSettingsView = ContractTermsView<CallbackSettings>;

/** A contract's callback and survey terms: delay, grace, pass mark, follow-up times, default assignee role, survey questions. */
@Injectable()
export class CallbackSettingsService extends ContractTermsService<CallbackSettings> {
  constructor(stored: CallbackSettingsRepository, contracts: ContractRepository, access: AccessPolicy, tx: TransactionRunner, audit: AuditService, clock: ClockPort) {
    super(CALLBACK_TERMS, stored, contracts, access, tx, audit, clock);
  }
}
