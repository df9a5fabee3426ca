import { Module } from '@nestjs/common';
import { SiteVideoProfiles } from '../ports';
import { RegisterSiteVideoProfiles } from './register-site-video-profiles';
import { VideoEvidenceRecorder } from './video-evidence-recorder';
import { VideoFiguresService } from './video-figures.service';

/** Video evidence ([14]): the recorder ingest feeds, the site profiles it folds by, and the figures read from the evidence. */
const services = [VideoEvidenceRecorder, VideoFiguresService, RegisterSiteVideoProfiles];

@Module({
  providers: [...services, { provide: SiteVideoProfiles, useExisting: RegisterSiteVideoProfiles }],
  exports: [...services, SiteVideoProfiles],
})
export class VideoModule {}
