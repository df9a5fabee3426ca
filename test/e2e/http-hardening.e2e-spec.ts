import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeSite } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

/** `{"a":[[[…]]]}`-like JSON nested `depth` levels deep (the outer object counts as one). */
const nested = (depth: number, inner = '0') => `{"a":${'['.repeat(depth - 1)}${inner}${']'.repeat(depth - 1)}}`;

describe.each(databaseTargets())('HTTP hardening on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db);
    admin = { Authorization: `Bearer ${await platform.login()}` };
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  const postJson = (path: string, body: string) => platform.http.post(path).set(admin).set('Content-Type', 'application/json').send(body);

  it('should refuse JSON nested 5,000 levels deep with 400, on the login too, and stay up', async () => {
    for (const path of ['/api/auth/login', '/api/sites']) {
      const res = await postJson(path, nested(5000));
      expect([path, res.status, res.body.message]).toEqual([path, 400, 'body: JSON nested deeper than 32 levels']);
    }
    expect((await platform.http.get('/health')).status).toBe(200);
  });

  it('should take a body 32 levels deep, and not count brackets inside strings', async () => {
    const login = (extra: string, password: string) => postJson('/api/auth/login', `{"username":"admin","password":"${password}","extra":${extra}}`);
    // the login ignores what it does not know; the nesting was accepted
    expect((await login(nested(31), 'admin-test-password')).status).toBe(200);
    expect((await login(nested(32), 'admin-test-password')).status).toBe(400);
    expect((await login('0', `[[[[${'['.repeat(100)}{{{`)).status).toBe(401);
  });

  it("should refuse a NUL character in a path id on every route with 400 (or the role's 403), never 500", async () => {
    const paths = (await platform.http.get('/api/docs-json').expect(200)).body.paths as Record<string, Record<string, unknown>>;
    const routes = Object.entries(paths)
      .filter(([path]) => path.includes('{'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method, path: path.replace(/\{[^}]+\}/g, 'x%00y') })));
    expect(routes.length).toBeGreaterThan(20);
    const answers: string[] = [];
    for (const { method, path } of routes) {
      const res = await (platform.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method](path).set(admin).send({});
      answers.push(`${res.status} ${method.toUpperCase()} ${path}`);
    }
    expect(answers.filter((a) => !/^(400|403) /.test(a))).toEqual([]);
    const device = await platform.http.get('/api/devices/x%00y').set(admin);
    expect(device.body).toMatchObject({ statusCode: 400, field: 'id', message: 'id: must not contain a NUL character' });
  });

  it('should refuse a NUL character in a query value, a body field or a CSV body with 400 naming it', async () => {
    const query = await platform.http.get('/api/devices?q=a%00b').set(admin);
    expect([query.status, query.body.field]).toEqual([400, 'q']);
    const body = await platform.http
      .post('/api/sites')
      .set(admin)
      .send(makeSite({ name: 'a\u0000b' }));
    expect([body.status, body.body.field]).toEqual([400, 'name']);
    const login = await platform.http.post('/api/auth/login').send({ username: 'admin\u0000', password: 'admin-test-password' });
    expect([login.status, login.body.field]).toEqual([400, 'username']);
    const csv = await platform.http.post('/api/devices/import').set(admin).set('Content-Type', 'text/csv').send('id,type,siteCode\nA\u0000,dvr,X\n');
    expect([csv.status, csv.body.field]).toEqual([400, 'body']);
    expect((await platform.http.get('/api/sites').set(admin).expect(200)).body.total).toBe(0);
  });

  it('should send security headers, with a content security policy the pages pass, on pages and API answers', async () => {
    for (const path of ['/', '/sw.js', '/api/sites']) {
      const res = await platform.http.get(path).set(admin).expect(200);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("img-src 'self' data: blob:");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cross-origin-opener-policy': 'same-origin' });
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
    // Swagger UI draws with inline styles: allowed there only
    const docs = await platform.http.get('/api/docs/').expect(200);
    expect(docs.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
  });
});
