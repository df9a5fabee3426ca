import { hostname } from 'node:os';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '@vigil/domain';
import type { VigilConfig } from './vigil-config';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    allowed: string,
    got: string,
  ) {
    super(`Invalid configuration: ${variable} must be ${allowed} (got "${got}")`);
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) {
    throw new ConfigError(name, `an integer from ${min} to ${max}`, raw);
  }
  return n;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `one of ${allowed.join(', ')}`, raw);
  return raw as T;
}

function database(raw: string): VigilConfig['database'] {
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path.length > 0) return { kind: 'sqlite', path };
  } else if (/^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(raw)) {
    return { kind: 'postgres', url: raw };
  }
  throw new ConfigError('DATABASE_URL', 'sqlite:<path> or postgres://user:pass@host:port/db', raw);
}

/** The platform's own MQTT user: a name no device can have (device ids are A-Z a-z 0-9 . _ -). */
export const PLATFORM_MQTT_USERNAME = 'vigil~platform';
const DEVICE_ID_LIKE = /^[A-Za-z0-9._-]{1,64}$/;

/** MQTT_URL may carry the platform's broker login (mqtt://user:pass@host:port); it is kept apart from the address, which is logged. */
function mqttBroker(env: Env): Pick<VigilConfig['mqtt'], 'url' | 'username' | 'password'> {
  const raw = env.MQTT_URL;
  let url: string | null = null;
  let username = env.MQTT_USERNAME || null;
  let password = env.MQTT_PASSWORD || null;
  if (raw !== undefined && raw !== '') {
    const m = /^((?:mqtts?|wss?|tcp):\/\/)(?:([^:@/\s]+)(?::([^@/\s]*))?@)?([^/:@\s]+(?::\d+)?)\/?$/.exec(raw);
    if (!m) throw new ConfigError('MQTT_URL', 'a broker address like mqtt://127.0.0.1:1883 or mqtt://user:pass@host:1883', raw.replace(/:[^:@/]*@/, ':******@'));
    url = `${m[1]}${m[4]}`;
    if (m[2]) username = decodeURIComponent(m[2]);
    if (m[3]) password = decodeURIComponent(m[3]);
  }
  if (username && DEVICE_ID_LIKE.test(username)) {
    throw new ConfigError('MQTT_USERNAME', `a name no device id can take (with a character outside A-Z a-z 0-9 . _ -, e.g. ${PLATFORM_MQTT_USERNAME})`, username);
  }
  if (username && !password) throw new ConfigError('MQTT_PASSWORD', 'set when the broker login has a user name', '');
  return { url, username, password };
}

function optionalText(env: Env, name: string, minLength: number, pattern?: RegExp): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (raw.length < minLength) throw new ConfigError(name, `at least ${minLength} characters long`, '*'.repeat(raw.length));
  if (pattern && !pattern.test(raw)) throw new ConfigError(name, `text matching ${pattern.source}`, raw);
  return raw;
}

/** The initial admin's password follows the same policy as every other: long enough, not a common one. */
function adminPassword(env: Env): string | null {
  const raw = optionalText(env, 'VIGIL_ADMIN_PASSWORD', MIN_PASSWORD_LENGTH);
  if (raw !== null && passwordProblem(raw)) throw new ConfigError('VIGIL_ADMIN_PASSWORD', 'a password that is not one of the most common ones', '*'.repeat(raw.length));
  return raw;
}

/** Express's "trust proxy": the proxies whose X-Forwarded-For names the client (per-address login limits need the real address). */
function trustProxy(env: Env): number | string | false {
  const raw = env.VIGIL_TRUST_PROXY;
  if (raw === undefined || raw === '') return false;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const items = raw.split(',').map((item) => item.trim());
  if (items.every((item) => /^(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?)$/.test(item))) return items.join(',');
  throw new ConfigError('VIGIL_TRUST_PROXY', 'a number of proxy hops, or a comma-separated list of loopback, linklocal, uniquelocal, addresses and CIDR ranges', raw);
}

/** Reads and checks the environment; throws ConfigError naming the first wrong variable. */
export function loadConfig(env: Env = process.env): VigilConfig {
  // the embedded database lives with the rest of the install's files
  const databaseUrl = env.DATABASE_URL || `sqlite:${(env.VIGIL_DATA_DIR || './data').replace(/\/+$/, '')}/vigil.sqlite`;
  if (env.VIGIL_MQTT_BROKER_ADMIN === 'dynsec' && !env.MQTT_URL) {
    throw new ConfigError('VIGIL_MQTT_BROKER_ADMIN', 'none unless MQTT_URL names the Mosquitto to keep in step', 'dynsec');
  }
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    database: database(databaseUrl),
    databaseUrl,
    mqtt: {
      ...mqttBroker(env),
      embeddedPort: integer(env, 'MQTT_PORT', 1883, 0, 65535),
      bind: optionalText(env, 'VIGIL_MQTT_BIND', 1, /^[0-9A-Fa-f.:]+$|^localhost$/) ?? '127.0.0.1',
      auth: oneOf(env, 'VIGIL_MQTT_AUTH', ['on', 'off'], 'on') === 'on',
      brokerAdmin: oneOf(env, 'VIGIL_MQTT_BROKER_ADMIN', ['none', 'dynsec'], 'none'),
      sharedGroup: optionalText(env, 'MQTT_SHARED_GROUP', 1, /^[A-Za-z0-9_-]{1,64}$/),
      clientId:
        optionalText(env, 'MQTT_CLIENT_ID', 1, /^[A-Za-z0-9_.-]{1,64}$/) ??
        `vigil-${hostname()
          .replace(/[^A-Za-z0-9_.-]/g, '-')
          .slice(0, 40)}`,
    },
    adminPassword: adminPassword(env),
    demo: oneOf(env, 'VIGIL_DEMO', ['0', '1'], '0') === '1',
    jwtSecret: optionalText(env, 'VIGIL_JWT_SECRET', 32),
    tokenTtlSec: integer(env, 'VIGIL_TOKEN_TTL_SEC', 12 * 3600, 60, 30 * 24 * 3600),
    passwordHashMemoryKiB: integer(env, 'VIGIL_PASSWORD_HASH_MEMORY_KIB', 65_536, 1024, 4_194_304),
    loginFailuresPerAddress: integer(env, 'VIGIL_LOGIN_ADDRESS_LIMIT', 100, 50, 1_000_000),
    trustProxy: trustProxy(env),
    missedHeartbeats: integer(env, 'VIGIL_MISSED_HEARTBEATS', 3, 1, 100),
    ingest: {
      flushIntervalMs: integer(env, 'VIGIL_INGEST_FLUSH_MS', 100, 10, 10000),
      lastSeenSnapshotSec: integer(env, 'VIGIL_LAST_SEEN_SNAPSHOT_SEC', 15, 1, 3600),
      snapshotSec: integer(env, 'VIGIL_INGEST_SNAPSHOT_SEC', 5, 1, 300),
      tempHighC: integer(env, 'VIGIL_TEMP_HIGH_C', 70, 20, 150),
    },
    onlineHistoryDays: integer(env, 'VIGIL_ONLINE_HISTORY_DAYS', 400, 31, 3650),
    auditRetentionDays: integer(env, 'VIGIL_AUDIT_RETENTION_DAYS', 400, 183, 36500),
    mail: { url: optionalText(env, 'SMTP_URL', 1, /^smtps?:\/\/[^/]+/), from: optionalText(env, 'VIGIL_MAIL_FROM', 3, /^[^\s@]+@[^\s@]+$/) ?? 'vigil@localhost' },
    auditKey: optionalText(env, 'VIGIL_AUDIT_KEY', 32),
    publicUrl: optionalText(env, 'VIGIL_PUBLIC_URL', 1, /^https?:\/\/[^\s]+$/),
    alertDigestSec: integer(env, 'VIGIL_ALERT_DIGEST_SEC', 60, 1, 3600),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    dataDir: env.VIGIL_DATA_DIR || './data',
  };
}
