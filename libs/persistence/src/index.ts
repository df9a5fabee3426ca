export * from './persistence.module';
export * from './data-source.factory';
export * from './typeorm-transaction.runner';
export * from './entities';
export * from './migrations';
export * from './install-key.store';
export { TypeormAuditRepository } from './repositories/typeorm-audit.repository';
export { TypeormSettingsRepository } from './repositories/typeorm-settings.repository';
