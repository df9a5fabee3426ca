import { Module } from '@nestjs/common';
import { AlertDispatcher } from '../alerting/alert-dispatcher';
import { AlertingModule } from '../alerting/alerting.module';
import { EventsModule } from '../events/events.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { FaultEngine } from './fault-engine';
import { FaultsModule } from './faults.module';

/** Device events → faults, and due timers → alerts: the scheduler's work (its FaultsWorker starts them). */
const services = [FaultEngine, AlertDispatcher];

@Module({
  imports: [EventsModule, FaultsModule, AlertingModule, SchedulingModule],
  providers: services,
  exports: [...services, SchedulingModule],
})
export class FaultEngineModule {}
