import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { platformBrokerUrl } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

const PASSWORD = 'patrol-Qingdao-2026';
const NEW_PASSWORD = 'night-shift-Laoshan-7';
const env = () => ({ MQTT_CLIENT_ID: `s-${randomBytes(4).toString('hex')}` });

describe.each(databaseTargets())('passwords and sessions on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  /** A second console process on the same database and broker, as in a scaled-out deployment. */
  let other: TestPlatform;
  let admin: { Authorization: string };
  const sockets: Socket[] = [];

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { env: env() });
    // it shares the first one's broker (with its login) and, on SQLite, its data directory (the signing key)
    other = await startTestPlatform(db, { mqttUrl: platformBrokerUrl(platform), env: { ...env(), VIGIL_DATA_DIR: platform.env.VIGIL_DATA_DIR } });
    admin = { Authorization: `Bearer ${await platform.login()}` };
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await other?.close();
    await platform?.close();
    await db?.drop();
  });

  async function signedInUser(role = 'operator'): Promise<{ id: string; username: string; token: string }> {
    const username = uniqueId(role);
    const id = (await platform.http.post('/api/users').set(admin).send({ username, password: PASSWORD, role }).expect(201)).body.id;
    return { id, username, token: await platform.login(username, PASSWORD) };
  }

  /** A dashboard socket, connected (the handshake accepted its token). */
  async function dashboard(on: TestPlatform, token: string): Promise<Socket> {
    const socket = io(`${on.baseUrl}/dashboard`, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  }

  const disconnected = (socket: Socket, timeoutMs = 5000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs).unref();
      socket.once('disconnect', (reason) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });

  const me = (token: string) => platform.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`);

  it.each([
    ['short', 'x7#kq!m2z', /password must be longer than or equal to 10 characters/],
    ['common', 'Password123', /password: is one of the most common passwords/],
    ['common, any case', 'QWERTYUIOP', /password: is one of the most common passwords/],
  ])('should refuse a %s password with 400 naming password, creating nothing', async (_, password, message) => {
    const username = uniqueId('weak');
    const res = await platform.http.post('/api/users').set(admin).send({ username, password, role: 'operator' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(message);
    const users = (await platform.http.get('/api/users').set(admin).expect(200)).body.items.map((u: { username: string }) => u.username);
    expect(users).not.toContain(username);
  });

  it('should refuse a common password on update, leaving the old one working', async () => {
    const user = await signedInUser();
    const res = await platform.http.patch(`/api/users/${user.id}`).set(admin).send({ password: '1234567890' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: 'password' });
    await platform.login(user.username, PASSWORD);
    expect((await me(user.token)).status).toBe(200);
  });

  it("should revoke the old token when the password changes and close the user's open sockets at once, here and in the other process", async () => {
    const user = await signedInUser();
    const bystander = await signedInUser();
    const here = await dashboard(platform, user.token);
    const there = await dashboard(other, user.token);
    const unaffected = await dashboard(platform, bystander.token);

    const closedHere = disconnected(here);
    const closedThere = disconnected(there);
    await platform.http.patch(`/api/users/${user.id}`).set(admin).send({ password: NEW_PASSWORD }).expect(200);
    expect(await closedHere).toBe('io server disconnect');
    expect(await closedThere).toBe('io server disconnect');
    expect(unaffected.connected).toBe(true);

    const refused = await me(user.token);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toContain('token revoked');
    await expect(dashboard(platform, user.token)).rejects.toThrow('unauthorized');
    const fresh = await platform.login(user.username, NEW_PASSWORD);
    expect((await me(fresh)).status).toBe(200);
    await dashboard(platform, fresh);
  });

  it('should revoke tokens on deactivation, a new role and a new scope, but not on a new display name', async () => {
    const customer = (
      await platform.http
        .post('/api/customers')
        .set(admin)
        .send({ name: uniqueId('Customer') })
        .expect(201)
    ).body;
    const site = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ customerId: customer.id }))
        .expect(201)
    ).body;
    const changes: [object, number][] = [
      [{ displayName: '夜班值班员 Night operator' }, 200],
      [{ role: 'engineer' }, 401],
      [{ scope: { customerIds: [customer.id], siteIds: [] } }, 401],
      [{ scope: { customerIds: [customer.id], siteIds: [site.id] } }, 401],
      [{ active: false }, 401],
    ];
    const user = await signedInUser();
    for (const [patch, expected] of changes) {
      const token = await platform.login(user.username, PASSWORD);
      await platform.http.patch(`/api/users/${user.id}`).set(admin).send(patch).expect(200);
      expect([patch, (await me(token)).status]).toEqual([patch, expected]);
    }
    // deactivated: no new token either
    expect((await platform.http.post('/api/auth/login').send({ username: user.username, password: PASSWORD })).status).toBe(401);
  });
});
