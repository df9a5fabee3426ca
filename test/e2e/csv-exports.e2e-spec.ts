import { parse } from 'csv-parse/sync';
import { PatrolGenerator } from '@vigil/application';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

/** Text that a spreadsheet would run as a formula, as people might type it. */
const FORMULAS = ['=HYPERLINK("http://evil.example","open")', '+1', '-1', '@SUM(1+1)'];
const csvRows = (text: string): string[][] => parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, comment: '#', comment_no_infix: true });

describe.each(databaseTargets())('CSV exports on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let supervisor: { Authorization: string };

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db);
    admin = { Authorization: `Bearer ${await platform.login()}` };
    const username = uniqueId('sup');
    await platform.http.post('/api/users').set(admin).send({ username, password: 'password-123', role: 'supervisor' }).expect(201);
    supervisor = { Authorization: `Bearer ${await platform.login(username, 'password-123')}` };
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  it("should write a failed login's user name into the audit CSV as text, not a formula", async () => {
    const typed = "=cmd|' /C calc'!A0";
    expect((await platform.http.post('/api/auth/login').send({ username: typed, password: 'wrong-password' })).status).toBe(401);
    const res = await platform.http.get('/api/audit/export?format=csv').set(admin).expect(200);
    const failed = csvRows(res.text).find((row) => row[4] === 'login-failed');
    expect(failed?.[2]).toBe(`'${typed}`);
    // ids, times and hashes as they are
    expect(failed?.[0]).toMatch(/^\d+$/);
    expect(failed?.[1]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(failed?.[10]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("should neutralise site names and notes in a patrol's report.csv and the month.csv", async () => {
    const sites = [];
    for (const name of FORMULAS) sites.push((await platform.http.post('/api/sites').set(admin).send(makeSite({ name })).expect(201)).body);
    await platform.http
      .post('/api/patrol-plans')
      .set(supervisor)
      .send({ kind: 'monthly', siteIds: sites.map((s) => s.id), startsOn: '2026-01-01' })
      .expect(201);
    await platform.app.get(PatrolGenerator).generate();

    for (const [i, site] of sites.entries()) {
      const [patrol] = (await platform.http.get(`/api/patrols?siteId=${site.id}`).set(supervisor).expect(200)).body.items;
      await platform.http.post(`/api/patrols/${patrol.id}/start`).set(supervisor).expect(200);
      await platform.http.put(`/api/patrols/${patrol.id}/lines/dusting`).set(supervisor).send({ outcome: 'pass', note: FORMULAS[i] }).expect(200);

      const report = csvRows((await platform.http.get(`/api/patrols/${patrol.id}/report.csv`).set(supervisor).expect(200)).text);
      expect(report.find((row) => row[0] === '站点 Site')?.[1]).toBe(`'${FORMULAS[i]} (${site.code})`);
      expect(report.find((row) => row[0] === 'dusting')?.[7]).toBe(`'${FORMULAS[i]}`);
      expect(report[0]).toEqual(['巡检记录 Patrol record', patrol.id]);

      const month = csvRows((await platform.http.get(`/api/patrol-reports/month.csv?period=${patrol.period}&siteId=${site.id}`).set(supervisor).expect(200)).text);
      const line = month.find((row) => row[0] === patrol.id);
      expect(line?.[1]).toBe(`'${FORMULAS[i]} (${site.code})`);
      expect(line?.[3]).toBe(patrol.period);
    }
  });

  it('should neutralise device names and models in the device export, writing ids as they are', async () => {
    const site = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    const id = `-${uniqueId('A1')}`;
    await platform.http.post('/api/devices').set(admin).send({ id, type: 'dvr', siteId: site.id, name: FORMULAS[0], model: FORMULAS[3] }).expect(201);
    const rows = csvRows((await platform.http.get('/api/devices/export.csv').set(admin).expect(200)).text);
    const device = rows.find((row) => row[0] === id);
    expect(device?.slice(0, 5)).toEqual([id, 'dvr', site.code, `'${FORMULAS[0]}`, `'${FORMULAS[3]}`]);
  });
});
