import type { Role } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeDevice, makeSite, tokensByRole } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

describe.each(databaseTargets())('users, roles and access on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let tokens: Record<Role, string>;
  let siteId: string;

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db);
    tokens = await tokensByRole(platform, await platform.login());
    siteId = (await platform.http.post('/api/sites').set('Authorization', `Bearer ${tokens.admin}`).send(makeSite())).body.id;
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  const as = (role: Role) => ({ Authorization: `Bearer ${tokens[role]}` });

  it('should answer 401 without a token, with a malformed one and with a forged one', async () => {
    expect((await platform.http.get('/api/sites')).status).toBe(401);
    expect((await platform.http.get('/api/sites').set('Authorization', 'Bearer nonsense')).status).toBe(401);
    const [head, body] = tokens.admin.split('.');
    expect((await platform.http.get('/api/sites').set('Authorization', `Bearer ${head}.${body}.forgedsignature`)).status).toBe(401);
  });

  it('should return the user without its password hash', async () => {
    const res = await platform.http.post('/api/users').set(as('admin')).send({ username: 'someone', password: 'password-123', role: 'operator' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: 'someone', role: 'operator' });
    expect(res.body.passwordHash).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain('password-123');
  });

  it('should refuse a second user with the same name with 409', async () => {
    const res = await platform.http.post('/api/users').set(as('admin')).send({ username: 'someone', password: 'password-123', role: 'operator' });
    expect(res.status).toBe(409);
  });

  it('should let an admin change a user, and a deactivated user no longer sign in', async () => {
    const created = (await platform.http.post('/api/users').set(as('admin')).send({ username: 'leaver', password: 'password-123', role: 'engineer' }).expect(201)).body;
    const login = () => platform.http.post('/api/auth/login').send({ username: 'leaver', password: 'password-123' });
    const token = (await login().expect(200)).body.accessToken;
    await platform.http.patch(`/api/users/${created.id}`).set(as('supervisor')).send({ active: false }).expect(403);
    await platform.http.patch(`/api/users/${created.id}`).set(as('admin')).send({ role: 'wizard' }).expect(400);
    const changed = await platform.http.patch(`/api/users/${created.id}`).set(as('admin')).send({ role: 'operator', email: 'leaver@example.com', active: false }).expect(200);
    expect(changed.body).toMatchObject({ role: 'operator', email: 'leaver@example.com', active: false });
    expect(changed.body.passwordHash).toBeUndefined();
    await login().expect(401);
    await platform.http.get('/api/sites').set('Authorization', `Bearer ${token}`).expect(401);
    const me = (await platform.http.get('/api/auth/me').set(as('admin')).expect(200)).body;
    await platform.http.patch(`/api/users/${me.userId}`).set(as('admin')).send({ active: false }).expect(409);
  });

  it('should refuse a site naming a customer or contract that does not exist', async () => {
    const res = await platform.http
      .post('/api/sites')
      .set(as('admin'))
      .send(makeSite({ customerId: '00000000-0000-4000-8000-000000000000' }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('customerId');
    const res2 = await platform.http.patch(`/api/sites/${siteId}`).set(as('admin')).send({ contractId: '00000000-0000-4000-8000-000000000000' });
    expect(res2.status).toBe(400);
    expect(JSON.stringify(res2.body)).toContain('contractId');
  });

  it('should refuse an auditor on every route that writes, over the whole API', async () => {
    const router = platform.app.getHttpAdapter().getInstance().router as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    const writes = router.stack
      .flatMap((layer) =>
        layer.route
          ? Object.keys(layer.route.methods)
              .filter((m) => m !== 'get' && m !== 'head' && m !== '_all')
              .map((m) => [m, layer.route!.path] as const)
          : [],
      )
      .filter(([, path]) => path.startsWith('/api/') && path !== '/api/auth/login')
      // a computation that stores nothing, open to auditors by CONTRACT.md
      .filter(([, path]) => path !== '/api/sla/evaluate')
      // the customer's one-time link pages: no login at all, the link's token is the credential (their own e2e specs)
      .filter(([, path]) => !path.startsWith('/api/links/'));
    expect(writes.length).toBeGreaterThan(30);
    const allowed: string[] = [];
    for (const [method, path] of writes) {
      const url = path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const res = await (platform.http as unknown as Record<string, (u: string) => import('supertest').Test>)[method]!(url).set(as('auditor')).send({});
      // the agent's routes take a gateway's login (HTTP Basic), never a person's token: 401 is their refusal
      const refused = path.startsWith('/api/agent/') ? 401 : 403;
      if (res.status !== refused) allowed.push(`${method.toUpperCase()} ${path} → ${res.status}`);
    }
    expect(allowed).toEqual([]);
  });

  const writes: [string, Role[], Role[]][] = [
    ['POST /api/users', ['admin'], ['supervisor', 'operator', 'engineer', 'auditor']],
    ['POST /api/sites', ['admin', 'supervisor'], ['operator', 'engineer', 'auditor']],
    ['POST /api/devices', ['admin', 'supervisor'], ['operator', 'engineer', 'auditor']],
  ];

  it.each(writes)('should let only the right roles call %s', async (route, allowed, refused) => {
    const path = route.split(' ')[1];
    const body = (role: Role) =>
      path === '/api/users' ? { username: `u-${role}-${Date.now()}`, password: 'password-123', role: 'engineer' } : path === '/api/sites' ? makeSite() : makeDevice(siteId);
    for (const role of allowed) expect([role, (await platform.http.post(path).set(as(role)).send(body(role))).status]).toEqual([role, 201]);
    for (const role of refused) expect([role, (await platform.http.post(path).set(as(role)).send(body(role))).status]).toEqual([role, 403]);
  });

  it('should let every role read sites and devices', async () => {
    for (const role of ['admin', 'supervisor', 'operator', 'engineer', 'auditor'] as Role[]) {
      expect((await platform.http.get('/api/sites').set(as(role))).status).toBe(200);
      expect((await platform.http.get('/api/devices').set(as(role))).status).toBe(200);
    }
  });

  it('should let admin, supervisor, operator (to dispatch) and auditor list users', async () => {
    for (const role of ['admin', 'supervisor', 'operator', 'auditor'] as Role[]) expect((await platform.http.get('/api/users').set(as(role))).status).toBe(200);
    for (const role of ['engineer'] as Role[]) expect((await platform.http.get('/api/users').set(as(role))).status).toBe(403);
  });

  it('should refuse every write of an auditor', async () => {
    const device = makeDevice(siteId);
    await platform.http.post('/api/devices').set(as('admin')).send(device).expect(201);
    const calls = [
      platform.http.patch(`/api/sites/${siteId}`).set(as('auditor')).send({ name: 'x' }),
      platform.http.delete(`/api/sites/${siteId}`).set(as('auditor')),
      platform.http.patch(`/api/devices/${device.id}`).set(as('auditor')).send({ name: 'x' }),
      platform.http.delete(`/api/devices/${device.id}`).set(as('auditor')),
      platform.http.post('/api/devices/import').set(as('auditor')).set('Content-Type', 'text/csv').send('id,type,siteCode\n'),
    ];
    for (const res of await Promise.all(calls)) expect(res.status).toBe(403);
  });
});
