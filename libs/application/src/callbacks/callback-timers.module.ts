import { Module } from '@nestjs/common';
import { AlertingModule } from '../alerting/alerting.module';
import { FaultsModule } from '../faults/faults.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { CallbackCoreModule } from './callback-core.module';
import { CallbackTimers } from './callback-timers';

/** The callbacks' durable timers (open, missed): the scheduler's work; missed callbacks are paged through the alert budget. */
@Module({ imports: [CallbackCoreModule, FaultsModule, AlertingModule, SchedulingModule], providers: [CallbackTimers], exports: [CallbackTimers] })
export class CallbackTimersModule {}
