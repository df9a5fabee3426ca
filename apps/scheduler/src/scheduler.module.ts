import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditModule, ContractsModule, FaultEngineModule, PatrolsModule, RetentionModule } from '@vigil/application';
import { FaultsWorker } from './jobs/faults.worker';
import { PatrolJob } from './jobs/patrol.job';
import { AuditCheckpointJob } from './jobs/audit-checkpoint.job';
import { RetentionJob } from './jobs/retention.job';
import { CalendarOutlookJob } from './jobs/calendar-outlook.job';

/** Time-driven work: the fault engine and its timers (correlation, escalation, SLA), patrol generation, retention, the holiday calendar's outlook. */
@Module({
  imports: [ScheduleModule.forRoot(), FaultEngineModule, PatrolsModule, ContractsModule, AuditModule, RetentionModule],
  providers: [RetentionJob, FaultsWorker, PatrolJob, AuditCheckpointJob, CalendarOutlookJob],
})
export class SchedulerModule {}
