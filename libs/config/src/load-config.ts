import { hostname } from 'node:os';
import { z } from 'zod';
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

/** The platform's own MQTT user: a name no device can have (device ids are A-Z a-z 0-9 . _ -). */
export const PLATFORM_MQTT_USERNAME = 'vigil~platform';
const DEVICE_ID_LIKE = /^[A-Za-z0-9._-]{1,64}$/;
const BROKER_URL = /^((?:mqtts?|wss?|tcp):\/\/)(?:([^:@/\s]+)(?::([^@/\s]*))?@)?([^/:@\s]+(?::\d+)?)\/?$/;
const PROXY = /^(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?)$/;

/** Values shown as stars in a message, and addresses whose login's password is. */
const SECRETS = new Set(['VIGIL_ADMIN_PASSWORD', 'VIGIL_JWT_SECRET', 'VIGIL_AUDIT_KEY', 'VIGIL_MANAGEMENT_KEY', 'MQTT_PASSWORD']);
const WITH_LOGIN = new Set(['DATABASE_URL', 'MQTT_URL', 'SMTP_URL', 'AMQP_URL']);

const integer = (fallback: number, min: number, max: number) => {
  const error = `an integer from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\s*\d+\s*$/, { error })
    .refine((raw) => Number(raw) >= min && Number(raw) <= max, { error })
    .transform(Number)
    .default(fallback);
};
const oneOf = <const T extends readonly [string, ...string[]]>(allowed: T, fallback: T[number]) => z.enum(allowed, { error: `one of ${allowed.join(', ')}` }).default(fallback);
const matching = (pattern: RegExp) => z.string().regex(pattern, { error: `text matching ${pattern.source}` });
const secret = (minLength: number) => z.string().min(minLength, { error: `at least ${minLength} characters long` });

/** MQTT_URL may carry the platform's broker login (mqtt://user:pass@host:port); it is kept apart from the address, which is logged. */
const brokerUrl = z.string().transform((raw, ctx) => {
  const m = BROKER_URL.exec(raw);
  try {
    if (m) return { url: `${m[1]}${m[4]}`, username: m[2] ? decodeURIComponent(m[2]) : null, password: m[3] ? decodeURIComponent(m[3]) : null };
  } catch {
    // a stray % in the login: told as a wrong address below
  }
  ctx.addIssue({ code: 'custom', message: 'a broker address like mqtt://127.0.0.1:1883 or mqtt://user:pass@host:1883', input: raw });
  return z.NEVER;
});

/** Express's "trust proxy": the proxies whose X-Forwarded-For names the client (per-address login limits need the real address). */
const trustProxy = z.union(
  [
    z
      .string()
      .regex(/^\d{1,2}$/)
      .transform(Number),
    z
      .string()
      .transform((raw) => raw.split(',').map((item) => item.trim()))
      .pipe(z.array(z.string().regex(PROXY)))
      .transform((items) => items.join(',')),
  ],
  { error: 'a number of proxy hops, or a comma-separated list of loopback, linklocal, uniquelocal, addresses and CIDR ranges' },
);

/** "0-3,6" as [0, 1, 2, 3, 6]. */
function partitionList(raw: string): number[] {
  const out = new Set<number>();
  for (const item of raw.split(',')) {
    const [from, to = from] = item.split('-').map(Number);
    for (let p = from; p <= to; p++) out.add(p);
  }
  return [...out].sort((a, b) => a - b);
}

function database(url: string): VigilConfig['database'] | null {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    return path.length > 0 ? { kind: 'sqlite', path } : null;
  }
  return /^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(url) ? { kind: 'postgres', url } : null;
}

/** The environment, in the order it is checked; the transform at the end checks across variables and shapes VigilConfig. */
const environment = z
  .object({
    PORT: integer(3000, 0, 65535),
    DATABASE_URL: z.string().optional(),
    VIGIL_DATA_DIR: z.string().default('./data'),
    MQTT_URL: brokerUrl.optional(),
    MQTT_USERNAME: z.string().optional(),
    MQTT_PASSWORD: z.string().optional(),
    MQTT_PORT: integer(1883, 0, 65535),
    VIGIL_MQTT_BIND: matching(/^[0-9A-Fa-f.:]+$|^localhost$/).default('127.0.0.1'),
    VIGIL_MQTT_AUTH: oneOf(['on', 'off'], 'on'),
    VIGIL_MQTT_BROKER_ADMIN: oneOf(['none', 'dynsec'], 'none'),
    MQTT_SHARED_GROUP: matching(/^[A-Za-z0-9_-]{1,64}$/).optional(),
    MQTT_CLIENT_ID: matching(/^[A-Za-z0-9_.-]{1,64}$/).default(
      () =>
        `vigil-${hostname()
          .replace(/[^A-Za-z0-9_.-]/g, '-')
          .slice(0, 40)}`,
    ),
    // the initial admin's password follows the same policy as every other: long enough, not a common one
    VIGIL_ADMIN_PASSWORD: secret(MIN_PASSWORD_LENGTH)
      .refine((password) => !passwordProblem(password), { error: 'a password that is not one of the most common ones' })
      .optional(),
    VIGIL_DEMO: oneOf(['0', '1'], '0'),
    VIGIL_JWT_SECRET: secret(32).optional(),
    VIGIL_TOKEN_TTL_SEC: integer(12 * 3600, 60, 30 * 24 * 3600),
    VIGIL_PASSWORD_HASH_MEMORY_KIB: integer(65_536, 1024, 4_194_304),
    VIGIL_LOGIN_ADDRESS_LIMIT: integer(100, 50, 1_000_000),
    VIGIL_TRUST_PROXY: trustProxy.optional(),
    VIGIL_MISSED_HEARTBEATS: integer(3, 1, 100),
    VIGIL_INGEST_FLUSH_MS: integer(100, 10, 10000),
    VIGIL_LAST_SEEN_SNAPSHOT_SEC: integer(15, 1, 3600),
    VIGIL_INGEST_SNAPSHOT_SEC: integer(5, 1, 300),
    VIGIL_INGEST_STALL_SEC: integer(120, 0, 86_400),
    VIGIL_TEMP_HIGH_C: integer(70, 20, 150),
    INGEST_SOURCE: oneOf(['mqtt', 'amqp'], 'mqtt'),
    AMQP_URL: matching(/^amqps?:\/\/[^\s]+$/).optional(),
    INGEST_PARTITIONS: integer(8, 1, 256),
    INGEST_PARTITIONS_PREFERRED: matching(/^\d{1,3}(-\d{1,3})?(,\d{1,3}(-\d{1,3})?)*$/).optional(),
    INGEST_STANDBY_DELAY_MS: integer(3000, 0, 600_000),
    VIGIL_ONLINE_HISTORY_DAYS: integer(400, 31, 3650),
    VIGIL_AUDIT_RETENTION_DAYS: integer(400, 183, 36500),
    SMTP_URL: matching(/^smtps?:\/\/[^/]+/).optional(),
    VIGIL_MAIL_FROM: matching(/^[^\s@]+@[^\s@]+$/).default('vigil@localhost'),
    VIGIL_AUDIT_KEY: secret(32).optional(),
    VIGIL_MANAGEMENT_KEY: secret(32).optional(),
    VIGIL_PUBLIC_URL: matching(/^https?:\/\/[^\s]+$/).optional(),
    VIGIL_ALERT_DIGEST_SEC: integer(60, 1, 3600),
    VIGIL_CONTRACTOR_NAME: matching(/^[^\r\n]{1,200}$/).default('Vigil 维保服务'),
    VIGIL_LINK_TTL_SEC: integer(24 * 3600, 300, 30 * 24 * 3600),
    VIGIL_SMS_WEBHOOK_URL: matching(/^https?:\/\/[^\s]+$/).optional(),
    VIGIL_WECOM_WEBHOOK_URL: matching(/^https?:\/\/[^\s]+$/).optional(),
    LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  })
  .transform((e, ctx): VigilConfig => {
    const refuse = (variable: string, message: string, input: string) => {
      ctx.addIssue({ code: 'custom', path: [variable], message, input });
      return z.NEVER;
    };
    // the embedded database lives with the rest of the install's files
    const databaseUrl = e.DATABASE_URL ?? `sqlite:${e.VIGIL_DATA_DIR.replace(/\/+$/, '')}/vigil.sqlite`;
    const db = database(databaseUrl);
    const username = e.MQTT_URL?.username ?? e.MQTT_USERNAME ?? null;
    const password = e.MQTT_URL?.password ?? e.MQTT_PASSWORD ?? null;
    if (e.VIGIL_MQTT_BROKER_ADMIN === 'dynsec' && !e.MQTT_URL) return refuse('VIGIL_MQTT_BROKER_ADMIN', 'none unless MQTT_URL names the Mosquitto to keep in step', 'dynsec');
    if (!db) return refuse('DATABASE_URL', 'sqlite:<path> or postgres://user:pass@host:port/db', databaseUrl);
    if (username && DEVICE_ID_LIKE.test(username)) {
      return refuse('MQTT_USERNAME', `a name no device id can take (with a character outside A-Z a-z 0-9 . _ -, e.g. ${PLATFORM_MQTT_USERNAME})`, username);
    }
    if (username && !password) return refuse('MQTT_PASSWORD', 'set when the broker login has a user name', '');
    if (e.INGEST_SOURCE === 'amqp' && !e.AMQP_URL) return refuse('AMQP_URL', 'set when INGEST_SOURCE=amqp (amqp://user:pass@host:5672)', '');
    const preferred = e.INGEST_PARTITIONS_PREFERRED ? partitionList(e.INGEST_PARTITIONS_PREFERRED) : null;
    if (preferred?.some((p) => p >= e.INGEST_PARTITIONS)) {
      return refuse('INGEST_PARTITIONS_PREFERRED', `partitions below INGEST_PARTITIONS (${e.INGEST_PARTITIONS})`, e.INGEST_PARTITIONS_PREFERRED!);
    }
    return {
      port: e.PORT,
      database: db,
      databaseUrl,
      mqtt: {
        url: e.MQTT_URL?.url ?? null,
        username,
        password,
        embeddedPort: e.MQTT_PORT,
        bind: e.VIGIL_MQTT_BIND,
        auth: e.VIGIL_MQTT_AUTH === 'on',
        brokerAdmin: e.VIGIL_MQTT_BROKER_ADMIN,
        sharedGroup: e.MQTT_SHARED_GROUP ?? null,
        clientId: e.MQTT_CLIENT_ID,
      },
      adminPassword: e.VIGIL_ADMIN_PASSWORD ?? null,
      demo: e.VIGIL_DEMO === '1',
      jwtSecret: e.VIGIL_JWT_SECRET ?? null,
      tokenTtlSec: e.VIGIL_TOKEN_TTL_SEC,
      passwordHashMemoryKiB: e.VIGIL_PASSWORD_HASH_MEMORY_KIB,
      loginFailuresPerAddress: e.VIGIL_LOGIN_ADDRESS_LIMIT,
      trustProxy: e.VIGIL_TRUST_PROXY ?? false,
      missedHeartbeats: e.VIGIL_MISSED_HEARTBEATS,
      ingest: {
        flushIntervalMs: e.VIGIL_INGEST_FLUSH_MS,
        lastSeenSnapshotSec: e.VIGIL_LAST_SEEN_SNAPSHOT_SEC,
        snapshotSec: e.VIGIL_INGEST_SNAPSHOT_SEC,
        stallSec: e.VIGIL_INGEST_STALL_SEC,
        tempHighC: e.VIGIL_TEMP_HIGH_C,
      },
      ingestSource:
        e.INGEST_SOURCE === 'amqp' ? { kind: 'amqp', url: e.AMQP_URL!, partitions: e.INGEST_PARTITIONS, preferred, standbyDelayMs: e.INGEST_STANDBY_DELAY_MS } : { kind: 'mqtt' },
      onlineHistoryDays: e.VIGIL_ONLINE_HISTORY_DAYS,
      auditRetentionDays: e.VIGIL_AUDIT_RETENTION_DAYS,
      mail: { url: e.SMTP_URL ?? null, from: e.VIGIL_MAIL_FROM },
      auditKey: e.VIGIL_AUDIT_KEY ?? null,
      managementKey: e.VIGIL_MANAGEMENT_KEY ?? null,
      publicUrl: e.VIGIL_PUBLIC_URL ?? null,
      contractorName: e.VIGIL_CONTRACTOR_NAME,
      customerLinks: {
        ttlSec: e.VIGIL_LINK_TTL_SEC,
        baseUrl: e.VIGIL_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
        smsWebhookUrl: e.VIGIL_SMS_WEBHOOK_URL ?? null,
        wecomWebhookUrl: e.VIGIL_WECOM_WEBHOOK_URL ?? null,
      },
      alertDigestSec: e.VIGIL_ALERT_DIGEST_SEC,
      logLevel: e.LOG_LEVEL,
      dataDir: e.VIGIL_DATA_DIR,
    };
  });

/** A rejected value as a message may show it: secrets as stars, a login's password in an address masked. */
function shown(variable: string, input: unknown): string {
  const text = typeof input === 'string' || typeof input === 'number' ? String(input) : '';
  if (SECRETS.has(variable)) return '*'.repeat(text.length);
  return WITH_LOGIN.has(variable) ? text.replace(/:[^:@/]*@/, ':******@') : text;
}

/** Reads and checks the environment; throws ConfigError naming the first wrong variable (an empty one counts as unset). */
export function loadConfig(env: Env = process.env): VigilConfig {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environment.safeParse(set, { reportInput: true });
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const variable = String(issue.path[0]);
  throw new ConfigError(variable, issue.message, shown(variable, issue.input));
}
