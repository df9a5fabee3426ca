export * from './inventory-row';
export * from './parse-inventory-csv';
export * from './format-inventory-csv';
export * from './format-device-secrets-csv';
export * from './inventory-digest';
