import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { AuditChainService, SettingsRepository } from '@vigil/application';
import { stageKey, VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { AuditCommandModule } from './audit-command.module';

/** The audit chain of DATABASE_URL for a one-shot command, without booting the platform; keys as the platform finds them. */
export async function withAuditChain<T>(work: (chain: AuditChainService, config: VigilConfig, settings: SettingsRepository) => Promise<T>): Promise<T> {
  // a wrong setting or an unreachable database throws here, for runCommand to name (Nest would abort the process)
  const app = await NestFactory.createApplicationContext(AuditCommandModule, { logger: false, abortOnError: false });
  try {
    return await work(app.get(AuditChainService), app.get<VigilConfig>(VIGIL_CONFIG), app.get(SettingsRepository));
  } finally {
    await app.close();
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
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`${name}: ${err.message}\n`);
      process.exit(2);
    },
  );
}
