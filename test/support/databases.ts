import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface DatabaseTarget {
  name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

const sqlite: DatabaseTarget = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-test-'));
    return { url: `sqlite:${join(dir, 'vigil.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

/** A fresh database on the TEST_DATABASE_URL server per suite, so suites never see each other's rows. */
function postgres(adminUrl: string): DatabaseTarget {
  return {
    name: 'postgres',
    async create() {
      const name = `vigil_test_${randomBytes(6).toString('hex')}`;
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        async drop() {
          const c = new Client({ connectionString: adminUrl });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await c.end();
        },
      };
    },
  };
}

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set. */
export function databaseTargets(): DatabaseTarget[] {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return [sqlite];
  return skipEmbedded() ? [postgres(url)] : [sqlite, postgres(url)];
}

/** TEST_EMBEDDED=skip: with external services given, test only against them (CI's second run, after an embedded one). */
function skipEmbedded(): boolean {
  return process.env.TEST_EMBEDDED === 'skip';
}

export interface BrokerTarget {
  name: string;
  url: string | null;
  /** What the platform needs for this broker. */
  env: Record<string, string>;
}

/**
 * The embedded broker (devices log in) always; the external one too when TEST_MQTT_URL is set. That one is
 * this machine's Mosquitto, which takes anonymous clients and has no dynamic-security plugin: the platform
 * runs with the lab switch there (the real-Mosquitto login test starts a broker of its own).
 */
export function brokerTargets(): BrokerTarget[] {
  const url = process.env.TEST_MQTT_URL;
  const embedded: BrokerTarget = { name: 'embedded', url: null, env: {} };
  if (!url) return [embedded];
  const external: BrokerTarget = { name: 'external', url, env: { VIGIL_MQTT_AUTH: 'off' } };
  return skipEmbedded() ? [external] : [embedded, external];
}
