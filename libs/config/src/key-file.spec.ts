import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFilePath, readKey, readOrCreateKey } from './key-file';

describe(readOrCreateKey.name, () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'vigil-keys-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should create a random key readable by the owner only, and read the same key again', () => {
    const key = readOrCreateKey(dir, 'mqtt-service');
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(keyFilePath(dir, 'mqtt-service')).mode & 0o777).toBe(0o600);
    expect(readOrCreateKey(dir, 'mqtt-service')).toBe(key);
    expect(readKey(dir, 'mqtt-service')).toBe(key);
    expect(readOrCreateKey(dir, 'other')).not.toBe(key);
  });

  it('should answer null for a key never created, and tighten loose permissions', () => {
    expect(readKey(dir, 'absent')).toBeNull();
    readOrCreateKey(dir, 'loose');
    writeFileSync(keyFilePath(dir, 'loose'), 'kept\n');
    chmodSync(keyFilePath(dir, 'loose'), 0o644);
    expect(readKey(dir, 'loose')).toBe('kept');
    expect(statSync(keyFilePath(dir, 'loose')).mode & 0o777).toBe(0o600);
  });
});
