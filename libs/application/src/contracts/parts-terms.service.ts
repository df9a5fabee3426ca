import { Injectable } from '@nestjs/common';
import { PARTS_TERMS, type PartsTerms } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, ContractRepository, PartsTermsRepository, TransactionRunner } from '../ports';
import { ContractTermsService, type ContractTermsView } from './contract-terms.service';

export type PartsTermsView = ContractTermsView<PartsTerms>;

/** A contract's terms for parts, loaners and warranty: pause while waiting for a part, the repeat-failure window, a loaner's days out, the device warranty. */
@Injectable()
export class PartsTermsService extends ContractTermsService<PartsTerms> {
  constructor(stored: PartsTermsRepository, contracts: ContractRepository, access: AccessPolicy, tx: TransactionRunner, audit: AuditService, clock: ClockPort) {
    super(PARTS_TERMS, stored, contracts, access, tx, audit, clock);
  }
}
