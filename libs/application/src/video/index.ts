export * from './site-video-profiles.service';
export * from './video-profiles.module';
export * from './video.module';
export * from './video-evidence-recorder';
export * from './video-figures.service';
