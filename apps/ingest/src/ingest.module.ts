import { Module } from '@nestjs/common';
import { HeartbeatSubscriber } from './heartbeat.subscriber';
import { IngestApiModule } from './ingest-api.module';

/** MQTT heartbeat ingest: validation, device health, liveness. */
@Module({ imports: [IngestApiModule], providers: [HeartbeatSubscriber] })
export class IngestModule {}
