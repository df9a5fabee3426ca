import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a named key of this install lives: VIGIL_DATA_DIR/keys/<name>.key. */
export function keyFilePath(dataDir: string, name: string): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`invalid key name ${name}`);
  return join(dataDir, 'keys', `${name}.key`);
}

/** The key if its file exists (owner-only permissions are restored if someone loosened them), else null. */
export function readKey(dataDir: string, name: string): string | null {
  const path = keyFilePath(dataDir, name);
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    const key = readFileSync(path, 'utf8').trim();
    return key.length > 0 ? key : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * A secret shared by the processes of one install, kept outside the database in a 0600 file: read it, or
 * create it (32 random bytes, base64url). Written aside and linked into place, so two processes starting at once
 * agree on one key and none reads a half-written file.
 */
export function readOrCreateKey(dataDir: string, name: string): string {
  const existing = readKey(dataDir, name);
  if (existing) return existing;
  const path = keyFilePath(dataDir, name);
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  const draft = `${path}.${randomBytes(6).toString('hex')}`;
  writeFileSync(draft, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(draft, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(draft);
  }
  const key = readKey(dataDir, name);
  if (!key) throw new Error(`key file ${path} is empty`);
  return key;
}
