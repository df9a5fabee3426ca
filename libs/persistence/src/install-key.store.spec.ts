import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { SettingsRepository } from '@vigil/application';
import { loadConfig, readKey } from '@vigil/config';
import { InstallKeyStore } from './install-key.store';

/** The settings table in memory: the store's only port. */
class MemorySettings extends SettingsRepository {
  readonly rows = new Map<string, string>();
  async get(key: string) {
    return this.rows.get(key) ?? null;
  }
  async putIfAbsent(key: string, value: string) {
    if (!this.rows.has(key)) this.rows.set(key, value);
    return this.rows.get(key)!;
  }
  async put(key: string, value: string) {
    this.rows.set(key, value);
  }
  async remove(key: string) {
    this.rows.delete(key);
  }
}

describe(InstallKeyStore.name, () => {
  let dir: string;
  let warn: jest.SpyInstance;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-keystore-'));
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should keep PostgreSQL keys in the database and warn once per key the environment does not name', async () => {
    const settings = new MemorySettings();
    const store = new InstallKeyStore(loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', VIGIL_DATA_DIR: dir, VIGIL_AUDIT_KEY: 'a'.repeat(40) }), settings);
    await store.onModuleInit();
    expect(await store.key('audit')).toBe('a'.repeat(40));
    expect(await store.key('jwt')).toBe(settings.rows.get('jwt-secret'));
    expect(settings.rows.has('audit-key')).toBe(false);
    expect(await store.key('management')).toBe(settings.rows.get('management-key'));
    expect(warn.mock.calls.map(([m]) => m)).toEqual([expect.stringContaining('VIGIL_JWT_SECRET is not set'), expect.stringContaining('VIGIL_MANAGEMENT_KEY is not set')]);
    expect(readKey(dir, 'jwt')).toBeNull();
  });

  it('should move a SQLite key from the database to its file and then forget the database copy', async () => {
    const settings = new MemorySettings();
    settings.rows.set('audit-key', 'held-in-the-database-'.repeat(3));
    const store = new InstallKeyStore(loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'v.sqlite')}`, VIGIL_DATA_DIR: dir }), settings);
    await store.onModuleInit();
    expect(await store.key('audit')).toBe('held-in-the-database-'.repeat(3));
    expect(readKey(dir, 'audit')).toBe('held-in-the-database-'.repeat(3));
    expect(readKey(dir, 'jwt')).toBe(await store.key('jwt'));
    expect([...settings.rows.keys()]).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('should find keys read-only for commands, and name what to set when there is none', async () => {
    const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'v.sqlite')}`, VIGIL_DATA_DIR: dir });
    await expect(InstallKeyStore.readOnly(config, new MemorySettings()).key('audit')).rejects.toThrow('set VIGIL_AUDIT_KEY, or VIGIL_DATA_DIR');
    expect(readKey(dir, 'audit')).toBeNull();
  });
});
