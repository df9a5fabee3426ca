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
  ingest: {
    flushIntervalMs: number;
    lastSeenSnapshotSec: number;
    snapshotSec: number;
    tempHighC: number;
    /**
     * VIGIL_INGEST_STALL_SEC: /health of a process that runs no ingest itself (console, scheduler) turns red when no
     * ingest process has handled a valid device message for this long while devices are expected to report
     * (some device has reported before and is not away on a loan); 0 turns the check off.
     */
    stallSec: number;
  };
  /**
   * Where ingest reads device messages. `mqtt`: its own MQTT subscription (the embedded broker or MQTT_URL), one ingest per broker
   * (INGEST_SOURCE=mqtt, the default). `amqp`: partitioned ingest on RabbitMQ (deploy/rabbitmq): `partitions` queues fed by a
   * consistent-hash exchange, each consumed by one process at a time (single active consumer); `preferred`: the partitions this
   * process takes at once, the others after `standbyDelayMs` (so processes started together spread them; null: all at once).
   */
  ingestSource: { kind: 'mqtt' } | { kind: 'amqp'; url: string; partitions: number; preferred: number[] | null; standbyDelayMs: number };
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
  /**
   * One-time customer links (service-record signatures, surveys, confirmations): how long a link works, and the
   * gateways that carry SMS and WeCom messages (mail goes through SMTP_URL). `baseUrl`: VIGIL_PUBLIC_URL, else
   * http://localhost:<PORT>, the address a customer's link points at.
   */
  /** The contractor's name (乙方) on customer copies of service records. */
  contractorName: string;
  customerLinks: { ttlSec: number; baseUrl: string; smsWebhookUrl: string | null; wecomWebhookUrl: string | null };
  /** The alert budget: at most one message per recipient in this many seconds; what else comes meanwhile waits for one digest. */
  alertDigestSec: number;
  /** HMAC key that signs the audit chain's head, checkpoints and purge record; null: the key store's (keys/audit.key on SQLite, the database on PostgreSQL). */
  auditKey: string | null;
  /** Encrypts devices' management credentials at rest ([15]); null: the key store's (keys/management.key on SQLite, the database on PostgreSQL). */
  managementKey: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Files (photos, exports) and, on SQLite, the key files in keys/ (0700, each key 0600). */
  dataDir: string;
}
