import { Module } from '@nestjs/common';
import { HeartbeatSubscriber } from './heartbeat.subscriber';
import { IngestController } from './ingest.controller';

/** MQTT heartbeat ingest: validation, device health, liveness. */
@Module({ controllers: [IngestController], providers: [HeartbeatSubscriber] })
export class IngestModule {}
