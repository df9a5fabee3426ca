import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { verifyExport } from '@vigil/domain';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PatrolGenerator } from '@vigil/application';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { backdateInstallation } from '../support/installation';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) process.stderr.write(`dashboard browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does)\n`);

(hasBrowser ? describe : describe.skip)('web-operator in headless Chromium', () => {
  const target = databaseTargets()[0];
  let db: TestDatabase;
  let platform: TestPlatform;
  let browser: Browser;
  let device: DeviceFleet;

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { env: { VIGIL_MISSED_HEARTBEATS: '2', VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `b-${randomBytes(4).toString('hex')}` } });
    device = await DeviceFleet.connect(platform);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  /**
   * Collects what the content security policy refused on a page: the browser reports each refusal as a
   * console error and a `securitypolicyviolation` event. Every page must load and work with none.
   */
  async function cspViolations(page: Page): Promise<string[]> {
    const seen: string[] = [];
    page.on('console', (msg) => {
      if (/content security policy|securitypolicyviolation/i.test(msg.text())) seen.push(msg.text());
    });
    // a script run in the page, where the DOM is
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error('securitypolicyviolation: ' + e.violatedDirective + ' ' + e.blockedURI))`);
    return seen;
  }

  /** Signs in on the dashboard's login page, as a person would. */
  async function signIn(page: Page, username: string): Promise<string> {
    const url = platform.baseUrl;
    await page.goto(url);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', 'password-123');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=level-1]', { state: 'visible' });
    return url;
  }

  afterAll(async () => {
    await browser?.close();
    await device?.close();
    await platform?.close();
    await db?.drop();
  });

  it('should log an operator in, show the counts, show a silent DVR as a new fault within seconds, and acknowledge it from the page', async () => {
    const admin = { Authorization: `Bearer ${await platform.login()}` };
    const operator = uniqueId('op');
    await platform.http.post('/api/users').set(admin).send({ username: operator, password: 'password-123', role: 'operator' }).expect(201);
    const site = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ name: '青岛局监控分中心 测试' }))
        .expect(201)
    ).body;
    const dvr = uniqueId('DVR');
    await platform.http.post('/api/devices').set(admin).send({ id: dvr, type: 'dvr', siteId: site.id, heartbeatIntervalSec: 1 }).expect(201);
    await platform.http
      .post('/api/devices')
      .set(admin)
      .send({ id: uniqueId('SPK'), type: 'speaker', siteId: site.id })
      .expect(201);

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const violations = await cspViolations(page);
    await signIn(page, operator);
    await page.waitForSelector(`[data-site="${site.id}"]`);
    // a speaker sends no heartbeats: named as not monitored, never counted as unknown
    expect(await page.getAttribute(`[data-site="${site.id}"] .bar`, 'data-counts')).toBe('在线 0 · 异常 0 · 离线 0 · 未知 1 · 不监测（无心跳，巡检覆盖） 1');
    const before = Number(await page.textContent('[data-testid=level-2] b'));

    await device.heartbeat(dvr);
    const row = page.locator(`tr[data-device="${dvr}"]`);
    await row.waitFor({ timeout: 15_000 });
    // the live event carried the SLA: the countdown is there without a request per fault
    // (locators, not waitForFunction: its polling evaluates strings in the page, which the CSP refuses)
    await row.locator('[data-sla]', { hasText: /\d+:\d\d:\d\d/ }).waitFor();
    await page.locator('[data-testid=level-2] b', { hasText: new RegExp(`^${before + 1}$`) }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-fault.png') });

    page.once('dialog', (dialog) => void dialog.accept('重启录像机 restart the DVR'));
    await row.locator('button[data-action=acknowledge]').click();
    await row.locator('[data-testid=fault-state]', { hasText: /^已确认$/ }).waitFor();
    const faults = (await platform.http.get(`/api/faults?deviceId=${dvr}`).set(admin).expect(200)).body.items;
    expect(faults[0]).toMatchObject({ state: 'acknowledged', plan: '重启录像机 restart the DVR' });

    await page.click('.who .lang-switch');
    expect(await page.textContent('[data-testid=level-1] span')).toBe('Level 1');
    expect(await page.locator('[data-testid=chart-sites]').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-acknowledged.png') });
    // a laptop: one column, nothing cut off sideways
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-laptop.png') });
    expect(violations).toEqual([]);
    await page.close();
  });
});

beforeAll(() => mkdirSync(ARTIFACTS, { recursive: true }));
