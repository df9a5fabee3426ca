import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { CalendarService } from './calendar.service';
import { ContractService } from './contract.service';

/** Customers, contracts and the holiday calendar (a changed calendar moves the open faults' SLA clocks). */
const services = [ContractService, CalendarService];

@Module({ imports: [FaultsModule], providers: services, exports: services })
export class ContractsModule {}
