import { Module } from '@nestjs/common';
import { AssetChanges } from '../assets/asset-changes';
import { DeviceEventBus } from './device-event-bus';

/** The device event log that ingest writes and the fault engine reads, and "the register changed", which ingest listens for. */
const services = [DeviceEventBus, AssetChanges];

@Module({ providers: services, exports: services })
export class EventsModule {}
