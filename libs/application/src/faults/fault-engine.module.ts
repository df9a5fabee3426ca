import { Module } from '@nestjs/common';
import { AlertDispatcher } from '../alerting/alert-dispatcher';
import { AlertEscalation } from '../alerting/alert-escalation';
import { AlertSender } from '../alerting/alert-sender';
import { DispatchNotices } from '../alerting/dispatch-notices';
import { SlaNotices } from '../alerting/sla-notices';
import { AlertingModule } from '../alerting/alerting.module';
import { EventsModule } from '../events/events.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { FaultEngine } from './fault-engine';
import { FaultsModule } from './faults.module';

/** Device events → faults, and due timers → alerts: the scheduler's work (its FaultsWorker starts them). */
const services = [FaultEngine, AlertDispatcher, AlertSender, AlertEscalation, SlaNotices, DispatchNotices];

@Module({
  imports: [EventsModule, FaultsModule, AlertingModule, SchedulingModule],
  providers: services,
  exports: [...services, SchedulingModule],
})
export class FaultEngineModule {}
