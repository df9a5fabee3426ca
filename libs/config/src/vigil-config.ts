/** The whole environment, validated once at boot into one typed object. */
export interface VigilConfig {
  port: number;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  databaseUrl: string;
  /**
   * clientId is stable per host so ingest's persistent session survives a restart; set MQTT_CLIENT_ID per process when several share a host.
   * username/password: the platform's own broker login (null: the key file with the embedded broker, else anonymous).
   * bind: the embedded broker's address; auth: devices must log in (VIGIL_MQTT_AUTH); brokerAdmin: how an external broker's users are kept in step.
   */
  mqtt: {
    url: string | null;
    username: string | null;
    password: string | null;
    embeddedPort: number;
    bind: string;
    auth: boolean;
    brokerAdmin: 'none' | 'dynsec';
    sharedGroup: string | null;
    clientId: string;
  };
  ingest: { flushIntervalMs: number; lastSeenSnapshotSec: number; snapshotSec: number; tempHighC: number };
  adminPassword: string | null;
  demo: boolean;
  /** Token signing key (VIGIL_JWT_SECRET); null: the key store's (keys/jwt.key on SQLite, the database on PostgreSQL). */
  jwtSecret: string | null;
  tokenTtlSec: number;
  /** argon2id memory per password hash, KiB (64 MiB in production; test suites lower it, nothing else should). */
  passwordHashMemoryKiB: number;
  /** Failed logins one client address may make in 15 minutes before its attempts are refused (429). */
  loginFailuresPerAddress: number;
  /** Express's "trust proxy" setting: which proxies' X-Forwarded-For names the client; false: none, the peer is the client. */
  trustProxy: number | string | false;
  missedHeartbeats: number;
  /** Days of hourly online history kept for online-rate charts and monthly reports. */
  onlineHistoryDays: number;
  /** Audit entries are kept at least this long (网络安全法 §21: six months). */
  auditRetentionDays: number;
  /** SMTP server for alert mail (smtp://user:pass@host:port); null: no mail, dashboard and webhooks only. */
  mail: { url: string | null; from: string };
  /** Address of the dashboard as users reach it, for links in alerts. */
  publicUrl: string | null;
  /** The alert budget: at most one message per recipient in this many seconds; what else comes meanwhile waits for one digest. */
  alertDigestSec: number;
  /** HMAC key that signs the audit chain's head, checkpoints and purge record; null: the key store's (keys/audit.key on SQLite, the database on PostgreSQL). */
  auditKey: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Files (photos, exports) and, on SQLite, the key files in keys/ (0700, each key 0600). */
  dataDir: string;
}
