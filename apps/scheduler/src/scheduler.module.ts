import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import {
  AuditModule,
  CallbackTimersModule,
  ContractsModule,
  FaultEngineModule,
  FeedbackEscalationModule,
  LoanTimersModule,
  PatrolsModule,
  ReorderAlertsModule,
  RepeatFailuresModule,
  RetentionModule,
} from '@vigil/application';
import { CallbacksWorker } from './jobs/callbacks.worker';
import { LoansWorker } from './jobs/loans.worker';
import { FaultsWorker } from './jobs/faults.worker';
import { FeedbackWorker } from './jobs/feedback.worker';
import { PartsWorker } from './jobs/parts.worker';
import { PatrolJob } from './jobs/patrol.job';
import { AuditCheckpointJob } from './jobs/audit-checkpoint.job';
import { RetentionJob } from './jobs/retention.job';
import { CalendarOutlookJob } from './jobs/calendar-outlook.job';

/** Time-driven work: the fault engine and its timers (correlation, escalation, SLA), the complaints' escalation, callbacks' timers, reorder alerts' texts, overdue loans, repeat failures, patrol generation, retention, the holiday calendar's outlook. */
@Module({
  imports: [
    ScheduleModule.forRoot(),
    FaultEngineModule,
    FeedbackEscalationModule,
    CallbackTimersModule,
    ReorderAlertsModule,
    LoanTimersModule,
    RepeatFailuresModule,
    PatrolsModule,
    ContractsModule,
    AuditModule,
    RetentionModule,
  ],
  providers: [RetentionJob, FaultsWorker, FeedbackWorker, CallbacksWorker, PartsWorker, LoansWorker, PatrolJob, AuditCheckpointJob, CalendarOutlookJob],
})
export class SchedulerModule {}
