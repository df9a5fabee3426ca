export * from './loan.service';
export * from './loaner.service';
export * from './loan-overdue';
export * from './loaners.module';
export * from './rma.service';
export * from './warranty.service';
export * from './repeat-failures';
export * from './loaner-report.service';
