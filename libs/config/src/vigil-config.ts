/** The whole environment, validated once at boot into one typed object. */
export interface VigilConfig {
  port: number;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  databaseUrl: string;
  mqtt: { url: string | null; embeddedPort: number; sharedGroup: string | null; clientId: string };
  adminPassword: string | null;
  demo: boolean;
  jwtSecret: string | null;
  tokenTtlSec: number;
  missedHeartbeats: number;
  redisUrl: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dataDir: string;
}
