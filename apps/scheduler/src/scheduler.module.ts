import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';

/** Time-driven work: patrol generation, overdue checks, retention. */
@Module({ imports: [ScheduleModule.forRoot()] })
export class SchedulerModule {}
