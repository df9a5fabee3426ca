export * from './device-event';
