import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a named key of this install lives: <dataDir>/keys/<name>.key. */
export function keyFilePath(dataDir: string, name: string): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`invalid key name ${name}`);
  return join(dataDir, 'keys', `${name}.key`);
}

/** The key if its file exists, else null; a file others may read or write is refused, never used. */
export function readKey(dataDir: string, name: string): string | null {
  const path = keyFilePath(dataDir, name);
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `key file ${path} is open to other users (mode ${(mode & 0o777).toString(8)}): a copied key can forge tokens or audit signatures; if it may have leaked, rotate it, else chmod 600 ${path}`,
    );
  }
  const key = readFileSync(path, 'utf8').trim();
  if (key.length < 32) throw new Error(`key file ${path} holds fewer than 32 characters`);
  return key;
}

/**
 * Stores `value` as the named key unless a key is already there; answers the key stored afterwards. Written
 * aside (0600) and linked into place, so processes starting at once agree on one key and none reads half a file.
 */
export function writeKeyIfAbsent(dataDir: string, name: string, value: string): string {
  const existing = readKey(dataDir, name);
  if (existing) return existing;
  const path = keyFilePath(dataDir, name);
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  const draft = `${path}.${randomBytes(6).toString('hex')}`;
  writeFileSync(draft, `${value}\n`, { flag: 'wx', mode: 0o600 });
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

/** A secret of this install kept outside the database in <dataDir>/keys/<name>.key (dir 0700, file 0600): read it, or create it (48 random bytes, base64url). */
export function readOrCreateKey(dataDir: string, name: string): string {
  return readKey(dataDir, name) ?? writeKeyIfAbsent(dataDir, name, randomBytes(48).toString('base64url'));
}

/**
 * Key rotation in two steps: the new key is written beside the current one (`<name>.key.new`, 0600) now, and
 * put in its place by `commit()` once what it signs is committed; after a crash in between, the `.new` file
 * is the key to keep.
 */
export function stageKey(dataDir: string, name: string, value: string): { commit(): void; discard(): void } {
  const path = keyFilePath(dataDir, name);
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  writeFileSync(`${path}.new`, `${value}\n`, { mode: 0o600 });
  return { commit: () => renameSync(`${path}.new`, path), discard: () => unlinkSync(`${path}.new`) };
}
