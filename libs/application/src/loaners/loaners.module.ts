import { Module } from '@nestjs/common';
import { AlertingModule } from '../alerting/alerting.module';
import { ContractTermsModule } from '../contracts/contract-terms.module';
import { DevicesModule } from '../devices/devices.module';
import { EventsModule } from '../events/events.module';
import { FaultsModule } from '../faults/faults.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { LoanOverdue } from './loan-overdue';
import { LoanService } from './loan.service';
import { LoanerService } from './loaner.service';
import { LoanerReportService } from './loaner-report.service';
import { RepeatFailures } from './repeat-failures';
import { RmaService } from './rma.service';
import { WarrantyService } from './warranty.service';

/** The repeat-failure rule, hooked onto faults opening in whichever process opens them (the scheduler's engine, the console's reports). */
@Module({ imports: [ContractTermsModule, FaultsModule, AlertingModule], providers: [RepeatFailures], exports: [RepeatFailures] })
export class RepeatFailuresModule {}

/** Loaners (the pool, loans), returns to the vendor, warranty: the console's work. */
const services = [LoanService, LoanerService, RmaService, WarrantyService, LoanerReportService];

@Module({ imports: [EventsModule, DevicesModule, ContractTermsModule, FaultsModule, RepeatFailuresModule], providers: services, exports: [...services, RepeatFailuresModule] })
export class LoanersModule {}

/** The overdue loan's durable timer and its `loan` alert subject: the scheduler's work. */
@Module({ imports: [AlertingModule, SchedulingModule], providers: [LoanOverdue], exports: [LoanOverdue] })
export class LoanTimersModule {}
