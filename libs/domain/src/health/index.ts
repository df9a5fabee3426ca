export * from './condition';
export * from './derive-conditions';
export * from './device-health';
export * from './video-conditions';
