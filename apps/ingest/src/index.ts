export * from './ingest.module';
export * from './ingest-api.module';
