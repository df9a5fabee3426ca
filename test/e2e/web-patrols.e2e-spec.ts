import type { Browser } from 'playwright-core';
import { PatrolGenerator } from '@vigil/application';
import { cspViolations, describeInBrowser, fontsDrawing, launchBrowser, screenshot, signIn } from '../support/browser';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

describeInBrowser('the patrol board in headless Chromium', () => {
  const target = databaseTargets()[0];
  let db: TestDatabase;
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await db?.drop();
  });

  it("should let a supervisor find this month's patrol of a site by name and assign it to an engineer picked by name", async () => {
    const admin = { Authorization: `Bearer ${await platform.login()}` };
    const [supervisor, engineer] = [uniqueId('sup'), uniqueId('eng')];
    await platform.http.post('/api/users').set(admin).send({ username: supervisor, password: 'password-123', role: 'supervisor' }).expect(201);
    const engineerId = (await platform.http.post('/api/users').set(admin).send({ username: engineer, password: 'password-123', role: 'engineer', displayName: '张工' }).expect(201))
      .body.id;
    const site = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ name: '城阳所监控室 巡检' }))
        .expect(201)
    ).body;
    await platform.http
      .post('/api/patrol-plans')
      .set(admin)
      .send({ kind: 'monthly', siteIds: [site.id], startsOn: new Date().toISOString().slice(0, 10) })
      .expect(201);
    await platform.app.get(PatrolGenerator).generate();
    const [patrol] = (await platform.http.get(`/api/patrols?siteId=${site.id}`).set(admin).expect(200)).body.items;

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const violations = await cspViolations(page);
    await signIn(page, platform.baseUrl, supervisor, { path: '/#/patrols' });
    const row = page.locator('.el-table__row', { has: page.locator(`[data-patrol="${patrol.id}"]`) });
    await row.waitFor();
    // names and words, not ids and codes
    expect(await row.textContent()).toContain('城阳所监控室 巡检');
    expect(await row.textContent()).toContain('月度巡检');
    expect(await row.textContent()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d \(Asia\/Shanghai\)/);
    await row.locator('[data-action=assign]').click();
    await page.locator('[data-testid=user-picker]').click();
    await page.locator(`.el-select-dropdown__item[data-user="${engineerId}"]`).click();
    await page.locator('[data-action=confirm-assign]').click();
    await row.locator('td', { hasText: '张工' }).waitFor();
    await screenshot(page, 'patrol-board');
    // Chinese drawn with a Chinese face (the machine's, or the one the console serves), never a Latin face's boxes
    expect(await fontsDrawing(page, '[data-testid=patrol-board] h2')).toEqual([expect.stringMatching(/Han Sans|CJK|YaHei|PingFang|WenQuanYi/)]);
    expect((await platform.http.get(`/api/patrols/${patrol.id}`).set(admin).expect(200)).body.assigneeId).toBe(engineerId);
    expect(violations).toEqual([]);
    await page.close();
  });
});
