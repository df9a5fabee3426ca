import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFilePath, readKey, readOrCreateKey, writeKeyIfAbsent } from './key-file';

describe(readOrCreateKey.name, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should create 48 random bytes readable by the owner only, in a directory only the owner enters, and read the same key again', () => {
    const key = readOrCreateKey(dir, 'jwt');
    expect(Buffer.from(key, 'base64url')).toHaveLength(48);
    expect(statSync(keyFilePath(dir, 'jwt')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    expect(readOrCreateKey(dir, 'jwt')).toBe(key);
    expect(readOrCreateKey(dir, 'audit')).not.toBe(key);
  });

  it('should refuse a key file others may read, naming it', () => {
    readOrCreateKey(dir, 'audit');
    chmodSync(keyFilePath(dir, 'audit'), 0o644);
    expect(() => readOrCreateKey(dir, 'audit')).toThrow(`key file ${keyFilePath(dir, 'audit')} is open to other users (mode 644)`);
  });

  it('should keep a key that is there rather than overwrite it, and answer null for one never written', () => {
    expect(readKey(dir, 'jwt')).toBeNull();
    expect(writeKeyIfAbsent(dir, 'jwt', 'k'.repeat(40))).toBe('k'.repeat(40));
    expect(writeKeyIfAbsent(dir, 'jwt', 'x'.repeat(40))).toBe('k'.repeat(40));
    writeFileSync(keyFilePath(dir, 'jwt'), 'short\n');
    expect(() => readKey(dir, 'jwt')).toThrow('fewer than 32 characters');
  });

  it('should refuse a name that is not a plain file name', () => {
    expect(() => readOrCreateKey(dir, '../jwt')).toThrow('invalid key name');
  });
});
