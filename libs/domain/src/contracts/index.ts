export * from './contract';
export * from './contract-terms';
export * from './parts-terms';
