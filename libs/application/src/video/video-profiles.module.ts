import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { SiteVideoProfiles } from '../ports';
import { SiteVideoProfilesService } from './site-video-profiles.service';

/** Each site's video profile (zone, class, contract thresholds) held in memory, for ingest and the console ([14]). */
@Module({
  imports: [EventsModule],
  providers: [SiteVideoProfilesService, { provide: SiteVideoProfiles, useExisting: SiteVideoProfilesService }],
  exports: [SiteVideoProfiles, SiteVideoProfilesService],
})
export class VideoProfilesModule {}
