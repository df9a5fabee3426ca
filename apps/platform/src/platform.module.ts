import { Module } from '@nestjs/common';
import { ConsoleModule } from '@vigil/console';
import { IngestModule } from '@vigil/ingest';
import { SchedulerModule } from '@vigil/scheduler';
import { CoreModule } from '@vigil/runtime';

/** All three apps in one process: what `npm start` runs. */
@Module({ imports: [CoreModule, IngestModule, SchedulerModule, ConsoleModule] })
export class PlatformModule {}
