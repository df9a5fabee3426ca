import { Module } from '@nestjs/common';
import { IngestionModule } from '@vigil/application';
import { IngestController } from './ingest.controller';

/** /api/ingest/*: served by ingest and console processes alike, from the snapshots in the database. */
@Module({ imports: [IngestionModule], controllers: [IngestController] })
export class IngestApiModule {}
