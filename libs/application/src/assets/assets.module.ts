import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { DeviceService } from './device.service';
import { InventoryService } from './inventory.service';
import { SiteService } from './site.service';

/** Sites and devices: the register, its CSV inventory, and "the register changed" for ingest. */
const services = [SiteService, DeviceService, InventoryService];

@Module({ imports: [EventsModule], providers: services, exports: [...services, EventsModule] })
export class AssetsModule {}
