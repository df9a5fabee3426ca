import { randomBytes } from 'node:crypto';
import { AuditChainService, SettingsRepository, SystemClock } from '@vigil/application';
import { loadConfig, stageKey, type VigilConfig } from '@vigil/config';
import { InstallKeyStore, openDatabase, TypeormAuditRepository, TypeormSettingsRepository, TypeormTransactionRunner } from '@vigil/persistence';

/** The audit chain of DATABASE_URL for a one-shot command, without booting the platform; keys as the platform finds them. */
export async function withAuditChain<T>(work: (chain: AuditChainService, config: VigilConfig, settings: SettingsRepository) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const dataSource = await openDatabase(config.database);
  try {
    const tx = new TypeormTransactionRunner(dataSource);
    const settings = new TypeormSettingsRepository(tx);
    const keys = InstallKeyStore.readOnly(config, settings);
    return await work(new AuditChainService(config, new TypeormAuditRepository(tx, keys), settings, tx, new SystemClock(), keys), config, settings);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Signs the chain again under a new audit key and keeps that key where the platform finds it: given (`newKey`,
 * required when VIGIL_AUDIT_KEY is set), or fresh into keys/audit.key on SQLite or the database on PostgreSQL.
 */
export async function rotateAuditKey(chain: AuditChainService, config: VigilConfig, settings: SettingsRepository, newKey: string | null) {
  if (config.auditKey && (newKey ?? '').length < 32) throw new Error('VIGIL_AUDIT_KEY is set: give the new key (at least 32 characters) in VIGIL_AUDIT_KEY_NEW');
  const key = newKey ?? randomBytes(48).toString('base64url');
  const staged = !config.auditKey && config.database.kind === 'sqlite' ? stageKey(config.dataDir, 'audit', key) : null;
  const inDatabase = !config.auditKey && config.database.kind === 'postgres';
  try {
    const result = await chain.rekey(key, async () => (inDatabase ? settings.put('audit-key', key) : undefined));
    staged?.commit();
    return { ...result, key: config.auditKey ? 'now set VIGIL_AUDIT_KEY to VIGIL_AUDIT_KEY_NEW on every process' : staged ? 'keys/audit.key' : 'database' };
  } catch (err) {
    staged?.discard();
    throw err;
  }
}

/** Runs a command's main: its exit code, or 2 with one line on stderr (a wrong setting names its variable). */
export function runCommand(name: string, main: () => Promise<number>): void {
  main().then((code) => process.exit(code), (err: Error) => {
    process.stderr.write(`${name}: ${err.message}\n`);
    process.exit(2);
  });
}
