import { Module } from '@nestjs/common';
import { IngestController } from './ingest.controller';

/** /api/ingest/*: served by ingest and console processes alike, from the snapshots in the database. */
@Module({ controllers: [IngestController] })
export class IngestApiModule {}
