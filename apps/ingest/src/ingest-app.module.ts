import { Module } from '@nestjs/common';
import { CoreModule } from '@vigil/runtime';
import { IngestModule } from './ingest.module';

@Module({ imports: [CoreModule, IngestModule] })
export class IngestAppModule {}
