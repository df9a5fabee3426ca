export * from './loaner';
export * from './rma';
export * from './warranty';
export * from './repeat-failure';
