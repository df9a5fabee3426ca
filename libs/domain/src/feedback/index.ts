export * from './feedback';
export * from './feedback-rules';
export * from './feedback-analysis';
