export * from './holiday-schedule';
export * from './holiday-notice';
