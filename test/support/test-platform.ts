import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ClockPort } from '@vigil/application';
import type { Clock } from '@vigil/domain';
import { PlatformModule } from '../../apps/platform/src/platform.module';
import { configureHttpApp } from '@vigil/runtime';
import type { TestDatabase } from './databases';

export const ADMIN_PASSWORD = 'admin-test-password';

export interface TestPlatform {
  app: INestApplication;
  baseUrl: string;
  http: ReturnType<typeof request>;
  env: Record<string, string>;
  login(username?: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Boots the whole platform (console, ingest, scheduler), or one app's module as its own process would, in this process on a real database and a
 * real broker, listening on a free port; the environment goes through the same validation as in production.
 */
export async function startTestPlatform(
  db: TestDatabase,
  options: { mqttUrl?: string | null; env?: Record<string, string>; clock?: Clock; module?: Type } = {},
): Promise<TestPlatform> {
  const env: Record<string, string> = {
    PORT: '0',
    DATABASE_URL: db.url,
    MQTT_PORT: '0',
    VIGIL_ADMIN_PASSWORD: ADMIN_PASSWORD,
    VIGIL_DEMO: '0',
    // argon2id as in production but with 1 MiB instead of 64: hundreds of logins per suite on a 2-core machine
    VIGIL_PASSWORD_HASH_MEMORY_KIB: '1024',
    // one install: every platform started on the same database shares its data directory (and so its keys)
    VIGIL_DATA_DIR: join(tmpdir(), `vigil-test-${createHash('sha256').update(db.url).digest('hex').slice(0, 12)}`),
    ...(options.mqttUrl ? { MQTT_URL: options.mqttUrl } : {}),
    ...options.env,
  };
  const saved = { ...process.env };
  delete process.env.MQTT_URL;
  Object.assign(process.env, env);
  try {
    const builder = Test.createTestingModule({ imports: [options.module ?? PlatformModule] });
    // a test that moves time binds its own clock (e.g. a ManualClock) for the whole platform
    if (options.clock) builder.overrideProvider(ClockPort).useValue(options.clock);
    const moduleRef = await builder.compile();
    const app = configureHttpApp(moduleRef.createNestApplication({ bufferLogs: true }));
    try {
      await app.listen(0, '127.0.0.1');
    } catch (err) {
      // a platform that refuses to start (a bad key file, say) must not leave its database and broker open
      await app.close().catch(() => undefined);
      throw err;
    }
    // the address clients (supertest, socket.io, the browser) dial
    const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const http = request(baseUrl);
    return {
      app,
      baseUrl,
      http,
      env,
      async login(username = 'admin', password = ADMIN_PASSWORD) {
        const res = await request(baseUrl).post('/api/auth/login').send({ username, password });
        if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.accessToken as string;
      },
      close: () => app.close(),
    };
  } finally {
    process.env = saved;
  }
}
