export * from './video-types';
export * from './video-evidence';
