import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { FaultsWorker } from './jobs/faults.worker';
import { PatrolJob } from './jobs/patrol.job';
import { AuditCheckpointJob } from './jobs/audit-checkpoint.job';
import { RetentionJob } from './jobs/retention.job';

/** Time-driven work: the fault engine and its timers (correlation, escalation, SLA), patrol generation, retention. */
@Module({ imports: [ScheduleModule.forRoot()], providers: [RetentionJob, FaultsWorker, PatrolJob, AuditCheckpointJob] })
export class SchedulerModule {}
