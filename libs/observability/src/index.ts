export * from './metrics';
export * from './public.decorator';
export * from './operations.module';
export * from './logging';
