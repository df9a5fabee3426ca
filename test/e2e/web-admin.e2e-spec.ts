import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, cspViolations, describeInBrowser, launchBrowser, signIn } from '../support/browser';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const WAIT = { timeout: 30_000 };

describeInBrowser('web-admin in headless Chromium', () => {
  const target = databaseTargets()[0];
  let db: TestDatabase;
  let platform: TestPlatform;
  let browser: Browser;
  let admin: { Authorization: string };
  let root: string;

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db);
    admin = { Authorization: `Bearer ${await platform.login()}` };
    root = uniqueId('adm');
    await platform.http.post('/api/users').set(admin).send({ username: root, password: 'password-123', role: 'admin' }).expect(201);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await db?.drop();
  });

  /** A screenshot for the README once the CJK fallback faces the page asked for have arrived (no boxes). */
  async function shoot(page: Page, name: string): Promise<void> {
    await page.evaluate('document.fonts.ready.then(() => true)');
    await page.screenshot({ path: join(ARTIFACTS, name) });
  }

  /** A page at 1920×1080 signed in as the admin on one screen of the admin page, with the CSP refusals it collects. */
  async function adminPage(tab: string): Promise<{ page: Page; violations: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const violations = await cspViolations(page);
    await signIn(page, platform.baseUrl, root, { path: `/#/admin?tab=${tab}` });
    await page.locator(`[data-admin-screen="${tab}"]`).waitFor(WAIT);
    return { page, violations };
  }

  it("should tell an admin, and only an admin, when this or next year's holiday calendar is missing, naming the year", async () => {
    const operator = uniqueId('op');
    await platform.http.post('/api/users').set(admin).send({ username: operator, password: 'password-123', role: 'operator' }).expect(201);
    const outlook = (await platform.http.get('/api/calendars/holidays').set(admin).expect(200)).body;
    const missing = outlook.missingThisYear ? outlook.nextYear - 1 : outlook.missingNextYear ? outlook.nextYear : null;
    // the platform's own clock says which: before 2 Nov with this year loaded there is nothing to say
    const asAdmin = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const violations = await cspViolations(asAdmin);
    await signIn(asAdmin, platform.baseUrl, root);
    // the admin's home is the operator console: the notice stands above it
    expect(asAdmin.url()).toContain('#/operator');
    const notice = asAdmin.locator('[data-testid=calendar-notice]');
    if (missing === null) {
      expect(await notice.isHidden()).toBe(true);
    } else {
      await notice.waitFor({ state: 'visible', ...WAIT });
      expect(await notice.textContent()).toContain(`${missing} 年节假日安排尚未导入`);
      await asAdmin.click('.who .lang-switch');
      await asAdmin.locator('[data-testid=calendar-notice]', { hasText: `The ${missing} holiday calendar is not loaded` }).waitFor(WAIT);
      // the notice leads to the calendars screen, which names the same year
      await asAdmin.click('[data-testid=calendar-notice-open]');
      await asAdmin.locator('[data-testid=calendar-outlook]', { hasText: String(missing) }).waitFor(WAIT);
      await shoot(asAdmin, 'admin-calendars.png');
    }
    expect(violations).toEqual([]);
    await asAdmin.close();
    const asOperator = await browser.newPage();
    await signIn(asOperator, platform.baseUrl, operator);
    expect(await asOperator.locator('[data-testid=calendar-notice]').isHidden()).toBe(true);
    await asOperator.close();
  });

  it('should show the error of each bad line of a device CSV before importing, and import the file once it is fixed', async () => {
    const code = uniqueId('IMP');
    await platform.http
      .post('/api/sites')
      .set(admin)
      .send(makeSite({ code, name: '导入测试站点' }))
      .expect(201);
    const [dvr, cam1, cam2] = [uniqueId('DVR'), uniqueId('CAM'), uniqueId('CAM')];
    const bad = `id,type,siteCode,name,parentId\n${dvr},dvr,${code},录像机,\n${cam1},camera,NO-SUCH-SITE,摄像机 1,${dvr}\n${cam2},camera,${code},摄像机 2,${dvr}\n`;
    const { page, violations } = await adminPage('devices');

    await page.click('[data-testid=device-import]');
    await page.locator('[data-testid=import-file]').setInputFiles({ name: 'devices.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${bad}`) });
    // the dry run's verdict: line 3 names the unknown site; the import cannot be confirmed
    const problems = page.locator('[data-problems-line="3"]');
    await problems.waitFor(WAIT);
    expect(await problems.textContent()).toContain('siteCode: 没有编码为“NO-SUCH-SITE”的站点');
    expect(await page.locator('[data-testid=import-bad]').textContent()).toContain('1 行有问题');
    expect(await page.locator('[data-testid=import-confirm]').isDisabled()).toBe(true);
    // all lines, not only the bad one
    await page.click('[data-testid=import-only-problems]');
    await page.locator('[data-testid=import-preview] [data-line="4"]').waitFor(WAIT);
    await shoot(page, 'admin-import-preview.png');
    await platform.http.get(`/api/devices/${dvr}`).set(admin).expect(404);

    // fixed in the page: the old verdict is stale until checked again
    await page.locator('[data-testid=import-text]').fill(bad.replace('NO-SUCH-SITE', code));
    await page.locator('[data-testid=import-stale]').waitFor(WAIT);
    expect(await page.locator('[data-testid=import-confirm]').isDisabled()).toBe(true);
    await page.click('[data-testid=import-check]');
    await page.locator('[data-testid=import-ok]', { hasText: '将新建 3 台' }).waitFor(WAIT);
    await page.click('[data-testid=import-confirm]');
    await page.locator('[data-testid=import-dialog]').waitFor({ state: 'hidden', ...WAIT });

    const created = (await platform.http.get(`/api/devices/${cam1}`).set(admin).expect(200)).body;
    expect(created).toMatchObject({ type: 'camera', parentId: dvr, name: '摄像机 1' });
    await page.locator('[data-testid=device-search]').fill(cam1);
    await page.locator(`[data-testid=device-table] [data-device="${cam1}"]`).waitFor(WAIT);
    await page.locator('[data-testid=device-search]').fill('');
    await page.locator(`[data-testid=device-table] [data-device="${dvr}"]`).waitFor(WAIT);
    await shoot(page, 'admin-devices.png');
    expect(violations).toEqual([]);
    await page.close();
  });

  it("should show the server's message beside a contract's bad SLA target, in the reader's language, and create it once corrected", async () => {
    const customer = (
      await platform.http
        .post('/api/customers')
        .set(admin)
        .send({ name: `山东高速 ${uniqueId('C')}` })
        .expect(201)
    ).body;
    const name = `视频监控运维合同 ${uniqueId('K')}`;
    const { page, violations } = await adminPage('contracts');

    await page.click('[data-testid=contract-add]');
    const dialog = page.locator('[data-testid=contract-dialog]');
    await dialog.waitFor(WAIT);
    await page.click('[data-testid=contract-customer]');
    await page.locator('.el-select-dropdown__item', { hasText: customer.name }).click();
    await page.locator('[data-testid=contract-name]').fill(name);
    for (const [field, day] of [
      ['startsOn', '2027-01-01'],
      ['endsOn', '2027-12-31'],
    ]) {
      await page.locator(`[data-field=${field}] input`).fill(day);
      await page.locator(`[data-field=${field}] input`).press('Enter');
    }
    const cell = page.locator('[data-testid="sla-1-Qingdao-respondMinutes"]');
    await cell.fill('0');
    await page.click('[data-testid=contract-save]');

    const message = page.locator('[data-error-for="slaPolicy.levels.1.Qingdao.respondMinutes"]');
    await message.waitFor(WAIT);
    expect(await message.textContent()).toContain('须为正整数，或留空表示无时限');
    await message.scrollIntoViewIfNeeded();
    await shoot(page, 'admin-contract-sla-error.png');
    const listed = (await platform.http.get('/api/contracts').set(admin).expect(200)).body.items as { name: string }[];
    expect(listed.map((c) => c.name)).not.toContain(name);

    await cell.fill('30');
    await page.click('[data-testid=contract-save]');
    const detail = page.locator('[data-testid=contract-detail]');
    await detail.waitFor(WAIT);
    const contracts = (await platform.http.get('/api/contracts').set(admin).expect(200)).body.items as {
      id: string;
      name: string;
      customerId: string;
      slaPolicy: { levels: Record<string, Record<string, Record<string, number | null>>> };
    }[];
    const saved = contracts.find((c) => c.name === name)!;
    expect(saved).toMatchObject({ customerId: customer.id });
    expect(saved.slaPolicy.levels['1'].Qingdao.respondMinutes).toBe(30);

    // in English: the contract's own page, its SLA targets and fault rules each saved on their own, each refusal beside its field
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden', ...WAIT });
    await page.click('.who .lang-switch');
    await page.locator(`[data-testid=contract-table] [data-contract="${saved.id}"]`).click();
    await detail.waitFor(WAIT);
    // a tab clicked while the drawer still slides in may not take on a loaded machine: click until it is the active one
    const openTab = async (name: string) => {
      const item = detail.locator('.el-tabs__item', { hasText: name });
      for (let i = 0; i < 5 && !((await item.getAttribute('class')) ?? '').includes('is-active'); i += 1) {
        await item.click();
        await page.waitForTimeout(300);
      }
      expect(await item.getAttribute('class')).toContain('is-active');
    };
    await openTab('SLA targets');
    await detail.locator('[data-testid="sla-2-province-restoreMinutes"]').fill('1.5');
    await page.click('[data-testid=sla-save]');
    await detail.locator('[data-error-for="slaPolicy.levels.2.province.restoreMinutes"]', { hasText: 'Must be a positive whole number, or empty for no target' }).waitFor(WAIT);
    await openTab('Fault rules');
    await detail.locator('[data-testid=rules-flapping-changes]').fill('1');
    await page.click('[data-testid=rules-save]');
    await detail.locator('[data-field="faultRules.flapping"] .el-form-item__error', { hasText: 'Changes must be 2–1000' }).waitFor(WAIT);
    await shoot(page, 'admin-contract-rules.png');
    const after = (await platform.http.get(`/api/contracts/${saved.id}`).set(admin).expect(200)).body;
    expect([after.faultRules ?? null, after.slaPolicy.levels['2'].province.restoreMinutes]).toEqual([null, saved.slaPolicy.levels['2'].province.restoreMinutes]);

    // the video thresholds ([14]): a refusal beside its field, then saved with the other rules
    await detail.locator('[data-testid=rules-flapping-changes]').fill('3');
    await detail.locator('[data-testid=rules-video-gap]').fill('0');
    await page.click('[data-testid=rules-save]');
    await detail.locator('[data-field="faultRules.video.maxGapMinutes"] .el-form-item__error', { hasText: 'Must be whole minutes from 1 to 1440' }).waitFor(WAIT);
    await detail.locator('[data-testid=rules-video-gap]').fill('15');
    await detail.locator('[data-testid=rules-retention-hotel]').fill('60');
    await page.click('[data-testid=rules-save]');
    const video = await waitFor(async () => (await platform.http.get(`/api/contracts/${saved.id}`).set(admin).expect(200)).body.faultRules?.video);
    expect(video).toMatchObject({ maxGapMinutes: 15, retentionDays: { hotel: 60, bank: 30 }, vqdMinScore: 60 });
    expect(violations).toEqual([]);
    await page.close();
  });

  it('should show the sites as a tree and create a site under another with a time zone from the list', async () => {
    const parentCode = uniqueId('QD');
    await platform.http
      .post('/api/sites')
      .set(admin)
      .send(makeSite({ code: parentCode, name: '青岛局监控分中心' }))
      .expect(201);
    const { page, violations } = await adminPage('sites');
    await page.locator(`[data-testid=site-tree] [data-site="${parentCode}"]`).click(WAIT);
    await page.click('[data-testid=site-add-child]');
    const childCode = `${parentCode}-R1`;
    await page.locator('[data-field=code] input').fill(childCode);
    await page.locator('[data-field=name] input').fill('1号监控室');
    await page.locator('[data-field=workingHours] input').fill('18:00-08:00');
    await page.click('[data-testid=site-time-zone]');
    await page.keyboard.type('Urumqi');
    await page.locator('.el-select-dropdown__item', { hasText: 'Asia/Urumqi' }).click();
    // its class decides how long its recordings must be kept ([14])
    await page.click('[data-testid=site-class]');
    await page.locator('.el-select-dropdown__item:visible', { hasText: /^\s*(银行|Bank)\s*$/ }).click();
    await page.click('[data-testid=site-save]');
    // hours that end before they start: refused, and said beside the field
    await page.locator('[data-field=workingHours] .el-form-item__error', { hasText: 'HH:MM-HH:MM' }).waitFor(WAIT);
    await page.locator('[data-field=workingHours] input').fill('08:30-17:30');
    await page.click('[data-testid=site-save]');
    await page.locator(`[data-testid=site-tree] [data-site="${childCode}"]`).waitFor(WAIT);
    const sites = (await platform.http.get('/api/sites').set(admin).expect(200)).body.items as { code: string; parentId: string | null; timeZone: string; id: string }[];
    const parent = sites.find((s) => s.code === parentCode)!;
    expect(sites.find((s) => s.code === childCode)).toMatchObject({ parentId: parent.id, timeZone: 'Asia/Urumqi', siteClass: 'bank' });
    await shoot(page, 'admin-sites.png');
    expect(violations).toEqual([]);
    await page.close();
  });
});
