export * from './archive-entry';
export * from './device-history-summary';
