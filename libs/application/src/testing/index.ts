export * from './fake-time';
export * from './in-memory-video-evidence';
