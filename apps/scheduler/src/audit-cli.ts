import { AuditChainService, SystemClock } from '@vigil/application';
import { loadConfig, type VigilConfig } from '@vigil/config';
import { InstallKeyStore, openDatabase, TypeormTransactionRunner } from '@vigil/persistence';
import { TypeormAuditRepository } from '@vigil/persistence/repositories/typeorm-audit.repository';
import { TypeormSettingsRepository } from '@vigil/persistence/repositories/typeorm-settings.repository';

/** The audit chain of DATABASE_URL for a one-shot command, without booting the platform; keys as the platform finds them. */
export async function withAuditChain<T>(work: (chain: AuditChainService, config: VigilConfig) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const dataSource = await openDatabase(config.database);
  try {
    const tx = new TypeormTransactionRunner(dataSource);
    const settings = new TypeormSettingsRepository(tx);
    const keys = InstallKeyStore.readOnly(config, settings);
    return await work(new AuditChainService(config, new TypeormAuditRepository(tx, keys), settings, tx, new SystemClock(), keys), config);
  } finally {
    await dataSource.destroy();
  }
}

/** Runs a command's main: its exit code, or 2 with one line on stderr (a wrong setting names its variable). */
export function runCommand(name: string, main: () => Promise<number>): void {
  main().then((code) => process.exit(code), (err: Error) => {
    process.stderr.write(`${name}: ${err.message}\n`);
    process.exit(2);
  });
}
