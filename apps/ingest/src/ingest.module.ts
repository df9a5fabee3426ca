import { Module } from '@nestjs/common';
import { EventsModule, IngestionModule } from '@vigil/application';
import { HeartbeatSubscriber } from './heartbeat.subscriber';
import { IngestApiModule } from './ingest-api.module';

/** MQTT heartbeat ingest: validation, device health, liveness. */
@Module({ imports: [IngestionModule, EventsModule, IngestApiModule], providers: [HeartbeatSubscriber] })
export class IngestModule {}
