import 'reflect-metadata';
import { AuditTrailService, SystemClock } from '@vigil/application';
import { ConfigError, loadConfig } from '@vigil/config';
import { openDatabase, TypeormTransactionRunner } from '@vigil/persistence';
import { TypeormAuditRepository } from '@vigil/persistence/repositories/typeorm-audit.repository';
import { TypeormSettingsRepository } from '@vigil/persistence/repositories/typeorm-settings.repository';

/**
 * npm run audit:purge    the retention purge the scheduler runs nightly, once, now: for a database whose
 * audit tables are locked to their owner role (deploy/postgres/lock-audit.sql), run it with that role's
 * DATABASE_URL. Exit code 0 when done, 2 on a problem.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const dataSource = await openDatabase(config.database);
  try {
    const tx = new TypeormTransactionRunner(dataSource);
    const trail = new AuditTrailService(config, new TypeormAuditRepository(tx), new TypeormSettingsRepository(tx), tx, new SystemClock());
    const removed = await trail.purge();
    console.log(JSON.stringify({ removed, retentionDays: config.auditRetentionDays }));
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then((code) => process.exit(code), (err: Error) => {
  process.stderr.write(`audit:purge: ${err instanceof ConfigError ? err.message : err.message}\n`);
  process.exit(2);
});
