export * from './parts.module';
export * from './stock.service';
export * from './stock-ledger';
export * from './fault-parts.service';
export * from './parts-report.service';
export * from './reorder-alerts';
export * from './stock-export.service';
export * from './demo-parts';
