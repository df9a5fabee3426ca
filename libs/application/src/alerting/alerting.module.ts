import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { AlertBudgetService } from './alert-budget.service';
import { OnCallService } from './oncall.service';
import { RotaTestService } from './rota-test.service';

/** On-call rotas (and tests of their channels) and maintenance windows, and the alert budget every alert is sent through. */
const services = [OnCallService, RotaTestService, AlertBudgetService];

@Module({ imports: [FaultsModule], providers: services, exports: services })
export class AlertingModule {}
