import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { cspViolations, describeInBrowser, launchBrowser, screenshot, signIn } from '../support/browser';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

describeInBrowser('web-loaners: the loaner pool, a loan and an RMA in headless Chromium', () => {
  const target = databaseTargets()[0];
  let db: TestDatabase;
  let platform: TestPlatform;
  let browser: Browser;
  let admin: { Authorization: string };
  let operator: string;

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { mqttUrl: null, env: { VIGIL_DEMO: '1', MQTT_CLIENT_ID: `wl-${randomBytes(4).toString('hex')}` } });
    browser = await launchBrowser();
    admin = { Authorization: `Bearer ${await platform.login()}` };
    operator = uniqueId('operator').toLowerCase();
    await platform.http.post('/api/users').set(admin).send({ username: operator, password: 'password-123', role: 'operator' }).expect(201);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await db?.drop();
  });

  it('should show where each demo unit is, a lent one at its site and overdue-free, swap it back from the page, and move an RMA on', async () => {
    const camera = (await platform.http.get('/api/devices?type=camera&limit=1').set(admin).expect(200)).body.items[0];
    const loan = (await platform.http.post('/api/loans').set(admin).send({ loanerId: 'LOANER-CAM-01', standsInFor: camera.id }).expect(201)).body;
    const rma = (await platform.http.post('/api/rmas').set(admin).send({ deviceId: camera.id, vendor: 'Hikvision' }).expect(201)).body;

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const violations = await cspViolations(page);
    await signIn(page, platform.baseUrl, operator, { path: '/#/loaners' });
    await page.locator('[data-testid=loaner-units]').waitFor();
    await page.locator('[data-where="LOANER-NVR-01"]').waitFor();
    expect(await page.locator('[data-where="LOANER-NVR-01"]').textContent()).toContain('central');
    expect(await page.locator('[data-where="LOANER-CAM-01"]').textContent()).toContain(camera.id);

    await page.click('#tab-loans');
    const tag = page.locator(`[data-loan="${loan.id}"]`);
    await tag.waitFor();
    expect(await tag.textContent()).toContain('借用中');
    await screenshot(page, 'web-loaners-loans');
    await page.locator('[data-testid=loans] button', { hasText: '换回' }).first().click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await waitFor(async () => (await page.locator(`[data-loan="${loan.id}"]`).textContent())?.includes('已换回'));
    expect((await platform.http.get(`/api/loans/${loan.id}`).set(admin).expect(200)).body.state).toBe('returned');

    await page.click('#tab-rmas');
    await page.locator(`[data-rma="${rma.id}"]`).waitFor();
    await page.locator('[data-testid=rmas] [data-step=receive]').first().click();
    await waitFor(async () => (await page.locator(`[data-rma="${rma.id}"]`).getAttribute('data-state')) === 'received');
    expect(violations).toEqual([]);
    await page.close();
  }, 90_000);
});
