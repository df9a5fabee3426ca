import { Module } from '@nestjs/common';
import { VideoEvidenceRecorder } from './video-evidence-recorder';
import { VideoFiguresService } from './video-figures.service';
import { VideoProfilesModule } from './video-profiles.module';

/** Video evidence ([14]): the recorder ingest feeds, the site profiles it folds by, and the figures read from the evidence. */
const services = [VideoEvidenceRecorder, VideoFiguresService];

@Module({
  imports: [VideoProfilesModule],
  providers: services,
  exports: [...services, VideoProfilesModule],
})
export class VideoModule {}
