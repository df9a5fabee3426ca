import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { FaultsModule } from '../faults/faults.module';
import { CalendarService } from './calendar.service';
import { ContractTermsModule } from './contract-terms.module';
import { ContractService } from './contract.service';

/** Customers, contracts, their parts terms and the holiday calendar (a changed calendar moves the open faults' SLA clocks). */
const services = [ContractService, CalendarService];

@Module({ imports: [FaultsModule, ContractTermsModule, EventsModule], providers: services, exports: [...services, ContractTermsModule] })
export class ContractsModule {}
