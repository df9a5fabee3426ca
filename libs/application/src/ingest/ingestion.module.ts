import { Global, Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { VideoModule } from '../video/video.module';
import { IngestLinkProbe } from '../ports';
import { DeviceHistoryService } from './device-history.service';
import { DeviceStatusFeed } from './device-status-feed';
import { IngestDiagnostics } from './ingest-diagnostics';
import { IngestInspectionService } from './ingest-inspection.service';
import { IngestSnapshots } from './ingest-snapshots';
import { IngestService } from './ingest.service';

/**
 * Heartbeats → device health → device events (started only by the ingest app's MQTT subscriber), what ingest processes
 * have seen (/api/ingest/*, on any process) and device history. Global only so /health (libs/observability) sees this
 * process's ingest link where ingest runs.
 */
const services = [IngestService, IngestDiagnostics, IngestSnapshots, IngestInspectionService, DeviceStatusFeed, DeviceHistoryService];

@Global()
@Module({
  imports: [EventsModule, VideoModule],
  providers: [...services, { provide: IngestLinkProbe, useExisting: IngestService }],
  exports: [...services, IngestLinkProbe, EventsModule, VideoModule],
})
export class IngestionModule {}
