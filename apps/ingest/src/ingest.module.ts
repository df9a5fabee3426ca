import { Module } from '@nestjs/common';

/** MQTT heartbeat ingest: validation, device health, liveness. */
@Module({})
export class IngestModule {}
