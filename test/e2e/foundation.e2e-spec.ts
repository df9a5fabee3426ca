import { databaseTargets, type TestDatabase } from '../support/databases';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

describe.each(databaseTargets())('foundation on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: string;

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db);
    admin = await platform.login();
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  it('should answer /health 200 with the database and broker up', async () => {
    const res = await platform.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body.info).toMatchObject({ database: { status: 'up' }, broker: { status: 'up' } });
  });

  it('should serve the dashboard page at / and the OpenAPI description without a token', async () => {
    const page = await platform.http.get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Vigil</title>');
    // the production build's script, hashed and cached for good; the page itself always asked again
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)![1];
    expect((await platform.http.get(script).expect(200)).headers['cache-control']).toContain('immutable');
    expect(page.headers['cache-control']).toContain('max-age=0');
    // the CJK fallback face, from the installed package
    const font = await platform.http.get('/fonts/SourceHanSansCN-Regular.otf').expect(200);
    expect(font.headers['content-type']).toBe('font/otf');
    expect(Number(font.headers['content-length'])).toBeGreaterThan(1_000_000);
    // the old pages' addresses lead into the app
    expect((await platform.http.get('/audit.html').expect(301)).headers.location).toBe('/#/audit');
    const docs = await platform.http.get('/api/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/sites', '/api/devices', '/api/devices/{id}', '/api/users']));
  });

  it('should serve Prometheus metrics', async () => {
    const res = await platform.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toContain('vigil_process_cpu_seconds_total');
  });

  it('should refuse a wrong password with 401', async () => {
    const res = await platform.http.post('/api/auth/login').send({ username: 'admin', password: 'nope-nope' });
    expect(res.status).toBe(401);
  });

  it('should create and list a site', async () => {
    const created = await platform.http.post('/api/sites').set('Authorization', `Bearer ${admin}`).send({ code: 'QD-R1', name: '1号监控室', region: 'Qingdao' });
    expect(created.status).toBe(201);
    expect(created.body.id).toEqual(expect.any(String));
    const list = await platform.http.get('/api/sites').set('Authorization', `Bearer ${admin}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0].code).toBe('QD-R1');
  });
});
