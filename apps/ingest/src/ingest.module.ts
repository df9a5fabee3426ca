import { Module } from '@nestjs/common';
import { EventsModule, IngestionModule } from '@vigil/application';
import { HeartbeatSubscriber } from './heartbeat.subscriber';
import { RabbitmqAuthController } from './amqp/rabbitmq-auth.controller';
import { IngestApiModule } from './ingest-api.module';

/** MQTT heartbeat ingest: validation, device health, liveness; with INGEST_SOURCE=amqp, RabbitMQ's device logins too. */
@Module({ imports: [IngestionModule, EventsModule, IngestApiModule], controllers: [RabbitmqAuthController], providers: [HeartbeatSubscriber] })
export class IngestModule {}
