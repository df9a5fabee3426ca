export * from './holiday-schedule';
