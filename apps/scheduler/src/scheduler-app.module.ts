import { Module } from '@nestjs/common';
import { CoreModule } from '@vigil/runtime';
import { SchedulerModule } from './scheduler.module';

@Module({ imports: [CoreModule, SchedulerModule] })
export class SchedulerAppModule {}
