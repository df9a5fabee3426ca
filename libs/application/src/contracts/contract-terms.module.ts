import { Module } from '@nestjs/common';
import { PartsTermsService } from './parts-terms.service';

/** A contract's parts terms, for any process that works faults, parts or loaners (imports nothing, so faults may use it). */
const services = [PartsTermsService];

@Module({ providers: services, exports: services })
export class ContractTermsModule {}
