import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { AlertBudgetService } from './alert-budget.service';
import { OnCallService } from './oncall.service';

/** On-call rotas and maintenance windows, and the alert budget every alert is sent through. */
const services = [OnCallService, AlertBudgetService];

@Module({ imports: [FaultsModule], providers: services, exports: services })
export class AlertingModule {}
