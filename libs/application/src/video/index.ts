export * from './video.module';
export * from './video-evidence-recorder';
export * from './video-figures.service';
export * from './register-site-video-profiles';
