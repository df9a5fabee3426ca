import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { cspViolations, describeInBrowser, launchBrowser, screenshot, signIn } from '../support/browser';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { ADMIN_PASSWORD, startTestPlatform, type TestPlatform } from '../support/test-platform';

describeInBrowser('web-parts: the stores screen and a fault’s parts in headless Chromium', () => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    db = await databaseTargets()[0].create();
    platform = await startTestPlatform(db, { mqttUrl: null, env: { VIGIL_DEMO: '1', MQTT_CLIENT_ID: `wp-${randomBytes(4).toString('hex')}` } });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await db?.drop();
  });

  it('should show each store’s stock, mark a level at its minimum, and reserve and fit a disk on a DVR fault from the drawer', async () => {
    const admin = { Authorization: `Bearer ${await platform.login()}` };
    const stores = (await platform.http.get('/api/stores').set(admin).expect(200)).body as { id: string; kind: string }[];
    const van = stores.find((s) => s.kind === 'van')!;
    const disk = ((await platform.http.get('/api/part-models').set(admin).expect(200)).body as { id: string; sku: string }[]).find((m) => m.sku === 'HDD-4T-SURV')!;
    await platform.http.post('/api/stock/adjust').set(admin).send({ storeId: van.id, partModelId: disk.id, delta: -1, reason: 'stocktake' }).expect(200);

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const refused = await cspViolations(page);
    await signIn(page, platform.baseUrl, 'admin', { password: ADMIN_PASSWORD, path: '/#/stores' });
    await page.waitForSelector(`[data-store="${van.id}"] [data-level="${disk.id}"]`);
    // the van's disk at its minimum: its row is marked
    expect(await page.locator(`[data-store="${van.id}"] tr.below [data-level="${disk.id}"]`).count()).toBe(1);
    expect(await page.locator('[data-store]').count()).toBe(2);
    await screenshot(page, 'stores');

    const username = `parts-sup-${randomBytes(3).toString('hex')}`;
    await platform.http.post('/api/users').set(admin).send({ username, password: 'password-123', role: 'supervisor' }).expect(201);
    const sup = { Authorization: `Bearer ${await platform.login(username, 'password-123')}` };
    const dvr = ((await platform.http.get('/api/devices?type=dvr&limit=1').set(admin).expect(200)).body.items as { id: string; siteId: string }[])[0];
    const fault = (
      await platform.http
        .post('/api/faults')
        .set(sup)
        .send({ siteId: dvr.siteId, deviceId: dvr.id, kind: 'damaged', description: 'disk failed', reporter: 'guard', channel: 'phone' })
        .expect(201)
    ).body as { id: string };
    // a supervisor reserves a disk that fits the DVR from the central store in the fault's drawer, then fits it with the serials
    const work = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const refusedToo = await cspViolations(work);
    await signIn(work, platform.baseUrl, username, { path: `/#/faults/${fault.id}` });
    await work.waitForSelector('[data-testid=fault-parts] [data-testid=reserve-model]');
    await work.click('[data-testid=reserve-model]');
    await work.click('.el-select-dropdown__item:visible:has-text("HDD-4T-SURV")');
    await work.click('[data-testid=reserve-store]');
    await work.click('.el-select-dropdown__item:visible:has-text("青岛中心库")');
    await work.click('[data-testid=reserve]');
    await work.waitForSelector('[data-testid=fault-parts] li[data-state=reserved]');
    await work.click('[data-testid=fault-parts] li[data-state=reserved] [data-step=fit]');
    await work.fill('input[data-testid=serial-in], [data-testid=serial-in] input', 'WEB-NEW-1');
    await work.fill('input[data-testid=serial-out], [data-testid=serial-out] input', 'WEB-OLD-1');
    await work.click('[data-testid=fit]');
    await work.waitForSelector('[data-testid=fault-parts] li[data-state=fitted]');
    expect(await work.locator('[data-testid=fault-parts] li[data-state=fitted]').innerText()).toContain('WEB-NEW-1');
    await screenshot(work, 'fault-parts');
    expect(refusedToo).toEqual([]);
    await work.close();
    expect(refused).toEqual([]);
    await page.close();
  });
});
