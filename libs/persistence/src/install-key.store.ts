import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { readKey, readOrCreateKey, VIGIL_CONFIG, writeKeyIfAbsent, type VigilConfig } from '@vigil/config';
import { KeyStore, SettingsRepository, type SecretKeyName } from '@vigil/application';

/** Where earlier versions kept each key in the database. */
const SETTING: Record<SecretKeyName, string> = { jwt: 'jwt-secret', audit: 'audit-key', management: 'management-key' };
const VARIABLE: Record<SecretKeyName, string> = { jwt: 'VIGIL_JWT_SECRET', audit: 'VIGIL_AUDIT_KEY', management: 'VIGIL_MANAGEMENT_KEY' };

function fromConfig(config: VigilConfig, name: SecretKeyName): string | null {
  return name === 'jwt' ? config.jwtSecret : name === 'audit' ? config.auditKey : config.managementKey;
}

/**
 * The environment wins. Otherwise, on SQLite (one host), a 0600 file in VIGIL_DATA_DIR/keys, so a copy of
 * the database alone can neither mint tokens nor re-sign the audit trail; a key an earlier version kept in
 * the database moves to its file (old tokens and checkpoints stay valid) and leaves the database. On
 * PostgreSQL (processes on several hosts share no disk) the key stays in the database, with a warning.
 */
@Injectable()
export class InstallKeyStore extends KeyStore implements OnModuleInit {
  private readonly logger = new Logger('KeyStore');
  private readonly keys = new Map<SecretKeyName, Promise<string>>();

  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly settings: SettingsRepository,
  ) {
    super();
  }

  /** For one-shot commands: finds keys where the platform keeps them but never creates or moves one (a wrong VIGIL_DATA_DIR must not mint a new key). */
  static readOnly(config: VigilConfig, settings: SettingsRepository): KeyStore {
    return new ReadOnlyKeyStore(config, settings);
  }

  /** At start, not at the first login: key files are created or moved, and the warning is logged. */
  async onModuleInit(): Promise<void> {
    for (const name of ['jwt', 'audit', 'management'] as const) {
      await this.key(name);
      if (this.config.database.kind === 'postgres' && !this.fromEnvironment(name)) {
        this.logger.warn(`${VARIABLE[name]} is not set: the ${name} key is kept in the database, so a copy of the database carries it; set ${VARIABLE[name]} on every process`);
      }
    }
  }

  key(name: SecretKeyName): Promise<string> {
    let key = this.keys.get(name);
    if (!key) {
      key = this.load(name);
      this.keys.set(name, key);
      key.catch(() => this.keys.delete(name));
    }
    return key;
  }

  private fromEnvironment(name: SecretKeyName): string | null {
    return fromConfig(this.config, name);
  }

  private async load(name: SecretKeyName): Promise<string> {
    const fromEnv = this.fromEnvironment(name);
    if (fromEnv) return fromEnv;
    if (this.config.database.kind === 'postgres') return this.settings.putIfAbsent(SETTING[name], randomBytes(48).toString('base64url'));
    const dir = this.config.dataDir;
    const held = await this.settings.get(SETTING[name]);
    const key = held !== null && readKey(dir, name) === null ? writeKeyIfAbsent(dir, name, held) : readOrCreateKey(dir, name);
    if (held !== null) {
      await this.settings.remove(SETTING[name]);
      this.logger.log(`the ${name} key moved from the database to ${dir}/keys/${name}.key`);
    }
    return key;
  }
}

class ReadOnlyKeyStore extends KeyStore {
  constructor(
    private readonly config: VigilConfig,
    private readonly settings: SettingsRepository,
  ) {
    super();
  }

  async key(name: SecretKeyName): Promise<string> {
    const found = fromConfig(this.config, name) ?? (this.config.database.kind === 'sqlite' ? readKey(this.config.dataDir, name) : null) ?? (await this.settings.get(SETTING[name]));
    if (found === null) throw new Error(`no ${name} key: set ${VARIABLE[name]}, or VIGIL_DATA_DIR to the platform's data directory (keys/${name}.key)`);
    return found;
  }
}
