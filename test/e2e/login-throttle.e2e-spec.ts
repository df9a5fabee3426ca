import { DataSource } from 'typeorm';
import { ManualClock } from '@vigil/domain';
import { LoginFailureEntity } from '@vigil/persistence';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const PASSWORD = 'patrol-Qingdao-2026';
// every wrong password costs an argon2 check (a quarter of a second, more on a busy machine)
const SLOW_MS = 240_000;

describe.each(databaseTargets())('login throttling on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  // the platform's ClockPort: the test moves time past the 15-minute window
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    db = await target.create();
    // addresses come from X-Forwarded-For (the test client is the trusted proxy), 50 failures each
    platform = await startTestPlatform(db, { clock, env: { VIGIL_TRUST_PROXY: 'loopback', VIGIL_LOGIN_ADDRESS_LIMIT: '50' } });
    admin = { Authorization: `Bearer ${await platform.login()}` };
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  async function newUser(): Promise<string> {
    const username = uniqueId('op');
    await platform.http.post('/api/users').set(admin).send({ username, password: PASSWORD, role: 'operator' }).expect(201);
    return username;
  }

  const login = (username: string, password: string, from = '198.51.100.1') => platform.http.post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password });

  const failuresStored = (username: string) => platform.app.get(DataSource).getRepository(LoginFailureEntity).countBy({ username });

  it('should answer 429 with Retry-After after 10 failures, even with the right password, leave other users alone, and let the name in once the window has passed', async () => {
    const victim = await newUser();
    const other = await newUser();
    const stranger = uniqueId('stranger');
    expect((await login(stranger, 'wrong-password')).status).toBe(401);
    for (let i = 0; i < 10; i += 1) expect((await login(victim, `wrong-password-${i}`)).status).toBe(401);
    expect(await failuresStored(victim)).toBe(10);

    const refused = await login(victim, PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBe(15 * 60);
    expect(refused.body.message).toContain('too many failed logins');
    expect((await login(victim, PASSWORD, '203.0.113.9')).status).toBe(429); // per name, from any address
    expect((await login(other, PASSWORD)).status).toBe(200);

    clock.advance(15 * 60_000 - 1000);
    const almost = await login(victim, PASSWORD);
    expect(almost.status).toBe(429);
    expect(almost.headers['retry-after']).toBe('1');

    clock.advance(1000);
    expect((await login(victim, PASSWORD)).status).toBe(200);
    // failures that no longer count are purged, about once a minute
    expect(await failuresStored(stranger)).toBe(1);
    clock.advance(60_000);
    expect((await login(other, PASSWORD)).status).toBe(200);
    await waitFor(async () => (await failuresStored(stranger)) + (await failuresStored(victim)) === 0);
  });

  it('should throttle an unknown name exactly like a known one', async () => {
    const nobody = uniqueId('nobody');
    for (let i = 0; i < 10; i += 1) expect((await login(nobody, `wrong-password-${i}`, '198.51.100.2')).status).toBe(401);
    const refused = await login(nobody, 'wrong-password-x', '198.51.100.2');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe(String(15 * 60));
  });

  it("should start a name's count again after a successful login", async () => {
    const user = await newUser();
    for (let i = 0; i < 9; i += 1) expect((await login(user, `wrong-password-${i}`, '198.51.100.3')).status).toBe(401);
    expect((await login(user, PASSWORD, '198.51.100.3')).status).toBe(200);
    for (let i = 0; i < 9; i += 1) expect((await login(user, `wrong-password-${i}`, '198.51.100.3')).status).toBe(401);
    expect((await login(user, PASSWORD, '198.51.100.3')).status).toBe(200);
  });

  it(
    'should allow 50 failed logins from one address, then refuse that address only',
    async () => {
      const from = '198.51.100.50';
      // 50 failures over 6 names, none of them reaching its own limit of 10
      const names = Array.from({ length: 6 }, () => uniqueId('spray'));
      const statuses: number[] = [];
      for (let i = 0; i < 50; i += 1) statuses.push((await login(names[i % names.length], 'wrong-password', from)).status);
      expect(statuses.every((s) => s === 401)).toBe(true);

      const user = await newUser();
      const refused = await login(user, PASSWORD, from);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await login(user, PASSWORD, '198.51.100.51')).status).toBe(200);
    },
    SLOW_MS,
  );

  it(
    'should let a real login through while 200 wrong logins flood in at once, refusing the excess before hashing',
    async () => {
      const user = await newUser();
      // .then sends each request now; the real login arrives behind the whole flood, from its own address
      const answered = { refused: 0, all: 0 };
      const flood = Array.from({ length: 200 }, (_, i) =>
        login(uniqueId(`flood${i}`), 'wrong-password', '198.51.100.200').then((r) => {
          answered.all += 1;
          if (r.status === 429) answered.refused += 1;
          return r.status;
        }),
      );
      // the whole flood has reached the server once its excess is refused (or, unthrottled, once all of it is answered)
      await waitFor(async () => answered.refused >= 150 || answered.all === 200, SLOW_MS);
      const real = await login(user, PASSWORD, '198.51.100.201');
      const statuses = await Promise.all(flood);
      expect(real.status).toBe(200);
      // only the address's allowance is hashed (and refused with 401); the rest is refused before any argon2 work, which is
      // what keeps the real login from queueing behind 200 hashes (its time is the benchmark's to measure, not a test's)
      expect(statuses.filter((s) => s === 401)).toHaveLength(50);
      expect(statuses.filter((s) => s === 429)).toHaveLength(150);
    },
    SLOW_MS,
  );
});
