export * from './scheduler.module';
export * from './jobs/patrol.job';
