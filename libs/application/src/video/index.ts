export * from './site-video-profiles.service';
export * from './video-profiles.module';
