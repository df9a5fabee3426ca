export * from './video-types';
export * from './video-evidence';
export * from './video-line-evidence';
