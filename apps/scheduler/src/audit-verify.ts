import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AuditTrailService, SystemClock } from '@vigil/application';
import { ConfigError, loadConfig } from '@vigil/config';
import { verifyExport } from '@vigil/domain';
import { openDatabase, TypeormTransactionRunner } from '@vigil/persistence';
import { TypeormAuditRepository } from '@vigil/persistence/repositories/typeorm-audit.repository';
import { TypeormSettingsRepository } from '@vigil/persistence/repositories/typeorm-settings.repository';

/**
 * npm run audit:verify                        the chain in DATABASE_URL, every entry and checkpoint
 * npm run audit:verify -- --file export.jsonl [--key K]   a downloaded export, offline
 * Exit code 0 when intact, 1 when not, 2 on a usage or connection problem.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { file: { type: 'string' }, key: { type: 'string' } } });
  if (values.file) {
    const verdict = verifyExport(readFileSync(values.file, 'utf8'), values.key ?? process.env.VIGIL_AUDIT_KEY ?? null);
    console.log(JSON.stringify(verdict, null, 2));
    return verdict.ok ? 0 : 1;
  }
  const config = loadConfig();
  const dataSource = await openDatabase(config.database);
  try {
    const tx = new TypeormTransactionRunner(dataSource);
    const trail = new AuditTrailService(config, new TypeormAuditRepository(tx), new TypeormSettingsRepository(tx), tx, new SystemClock());
    const verdict = await trail.verify();
    console.log(JSON.stringify(verdict, null, 2));
    return verdict.ok ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then((code) => process.exit(code), (err: Error) => {
  process.stderr.write(`audit:verify: ${err instanceof ConfigError ? err.message : err.message}\n`);
  process.exit(2);
});
