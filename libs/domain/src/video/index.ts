export * from './video-types';
