import { DEMO_CONTRACT_ID, DEMO_SLA_POLICY } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeSite } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

describe.each(databaseTargets())('inventory CSV, contracts and the demo estate on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let auth: { Authorization: string };

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { env: { VIGIL_DEMO: '1' } });
    auth = { Authorization: `Bearer ${await platform.login()}` };
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  const total = async (path: string) => (await platform.http.get(path).set(auth).expect(200)).body.total as number;

  it('should load the tender estate with its contract, SLA policy and holidays', async () => {
    const sites = (await platform.http.get('/api/sites').set(auth).expect(200)).body;
    expect(sites.total).toBe(15);
    expect(sites.items.map((s: { code: string }) => s.code)).toEqual(expect.arrayContaining(['PROV', 'QD', 'QD-R5', 'QD-AIR', 'SUB-JN', 'NET']));
    expect(await total('/api/devices')).toBeGreaterThanOrEqual(300);
    const camera = (await platform.http.get('/api/devices/QD-R1-DVR01-CAM01').set(auth).expect(200)).body;
    expect(camera).toMatchObject({ type: 'camera', parentId: 'QD-R1-DVR01', status: 'unknown' });
    const contract = (await platform.http.get(`/api/contracts/${DEMO_CONTRACT_ID}`).set(auth).expect(200)).body;
    expect(contract.slaPolicy).toEqual(DEMO_SLA_POLICY);
    const holidays = (await platform.http.get('/api/calendars/holidays').set(auth).expect(200)).body;
    expect(holidays.items.map((h: { year: number }) => h.year)).toEqual([2025, 2026]);
  });

  it('should not load the demo estate twice on a second start', async () => {
    const before = await total('/api/devices');
    const again = await startTestPlatform(db, { env: { VIGIL_DEMO: '1' } });
    await again.close();
    expect(await total('/api/devices')).toBe(before);
  });

  it('should import a good CSV, then export it back', async () => {
    const site = (
      await platform.http
        .post('/api/sites')
        .set(auth)
        .send(makeSite({ code: 'CSV-1' }))
        .expect(201)
    ).body;
    const csv = '\uFEFFid,type,siteCode,name,parentId\r\nCSV-SW,switch,CSV-1,交换机,\r\nCSV-DVR,dvr,CSV-1,"录像机, 1号",CSV-SW\r\n';
    const res = await platform.http.post('/api/devices/import').set(auth).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ dryRun: false, created: 2, updated: 0, warnings: [] });
    expect((await platform.http.get('/api/devices/CSV-DVR').set(auth).expect(200)).body).toMatchObject({ siteId: site.id, parentId: 'CSV-SW', name: '录像机, 1号' });
    const exported = await platform.http.get('/api/devices/export.csv').set(auth).expect(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    expect(exported.text).toContain('CSV-DVR,dvr,CSV-1,"录像机, 1号"');
  });

  it('should change only the columns a re-imported file has, and warn of the columns it does not know', async () => {
    const csv = 'id,type,siteCode,model,colour\nCSV-DVR,dvr,CSV-1,DS-7816N-K2,red\n';
    const res = await platform.http.post('/api/devices/import').set(auth).set('Content-Type', 'text/csv').send(csv).expect(200);
    expect(res.body).toMatchObject({ created: 0, updated: 1 });
    expect(res.body.warnings).toEqual([expect.objectContaining({ line: 1, field: 'colour' })]);
    expect((await platform.http.get('/api/devices/CSV-DVR').set(auth).expect(200)).body).toMatchObject({ model: 'DS-7816N-K2', name: '录像机, 1号', parentId: 'CSV-SW' });
  });

  it('should refuse a CSV with bad rows, report each with line and field, and import nothing', async () => {
    const before = await total('/api/devices');
    const csv = 'id,type,siteCode,heartbeatIntervalSec\nOK-1,dvr,CSV-1,30\nBAD 2,dvr,CSV-1,30\nOK-3,toaster,NOPE,0\n';
    const res = await platform.http.post('/api/devices/import').set(auth).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [3, 'id'],
      [4, 'type'],
      [4, 'siteCode'],
      [4, 'heartbeatIntervalSec'],
    ]);
    expect(await total('/api/devices')).toBe(before);
    await platform.http.get('/api/devices/OK-1').set(auth).expect(404);
  });

  it('should check a file without writing on a dry run, telling what each line would do', async () => {
    const before = await total('/api/devices');
    const res = await platform.http.post('/api/devices/import?dryRun=1').set(auth).set('Content-Type', 'text/csv').send('id,type,siteCode\nDRY-1,dvr,CSV-1\nCSV-SW,switch,CSV-1\n');
    expect(res.body).toEqual({
      dryRun: true,
      created: 1,
      updated: 1,
      warnings: [],
      lines: [
        { line: 2, id: 'DRY-1', action: 'create' },
        { line: 3, id: 'CSV-SW', action: 'update' },
      ],
    });
    expect(await total('/api/devices')).toBe(before);
  });

  it('should answer every bad line of a dry run, and write nothing', async () => {
    const before = await total('/api/devices');
    const res = await platform.http.post('/api/devices/import?dryRun=1').set(auth).set('Content-Type', 'text/csv').send('id,type,siteCode\nDRY-2,dvr,CSV-1\nDRY-3,dvr,NOPE\n');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: 'file', errors: [{ line: 3, field: 'siteCode', message: 'no site with code "NOPE"' }] });
    expect(await total('/api/devices')).toBe(before);
    await platform.http.get('/api/devices/DRY-2').set(auth).expect(404);
  });

  it('should refuse a contract whose SLA policy is wrong, naming the field', async () => {
    const policy = structuredClone(DEMO_SLA_POLICY) as unknown as { levels: Record<string, Record<string, { respondMinutes: unknown }>> };
    policy.levels['1'].Qingdao.respondMinutes = 'soon';
    const res = await platform.http.put(`/api/contracts/${DEMO_CONTRACT_ID}/sla-policy`).set(auth).send({ slaPolicy: policy });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('slaPolicy.levels.1.Qingdao.respondMinutes');
  });

  it("should let an admin load next year's holidays and refuse a wrong one", async () => {
    const good = await platform.http
      .put('/api/calendars/holidays/2027')
      .set(auth)
      .send({ daysOff: ['2027-01-01'], makeUpWorkdays: [] });
    expect(good.status).toBe(200);
    const bad = await platform.http
      .put('/api/calendars/holidays/2028')
      .set(auth)
      .send({ daysOff: ['2027-12-31'], makeUpWorkdays: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('daysOff[0]');
  });
});
