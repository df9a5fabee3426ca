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

(hasBrowser ? describe : describe.skip)('web-admin in headless Chromium', () => {
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

  it("should tell an admin, and only an admin, when this or next year's holiday calendar is missing, naming the year", async () => {
    const admin = { Authorization: `Bearer ${await platform.login()}` };
    const [root, operator] = [uniqueId('adm'), uniqueId('op')];
    await platform.http.post('/api/users').set(admin).send({ username: root, password: 'password-123', role: 'admin' }).expect(201);
    await platform.http.post('/api/users').set(admin).send({ username: operator, password: 'password-123', role: 'operator' }).expect(201);
    const outlook = (await platform.http.get('/api/calendars/holidays').set(admin).expect(200)).body;
    const missing = outlook.missingThisYear ? outlook.nextYear - 1 : outlook.missingNextYear ? outlook.nextYear : null;
    // the platform's own clock says which: before 2 Nov with this year loaded there is nothing to say
    const asAdmin = await browser.newPage();
    await signIn(asAdmin, root);
    const notice = asAdmin.locator('[data-testid=calendar-notice]');
    if (missing === null) {
      expect(await notice.isHidden()).toBe(true);
    } else {
      await notice.waitFor({ state: 'visible' });
      expect(await notice.textContent()).toContain(`${missing} 年节假日安排尚未导入`);
      await asAdmin.click('.who .lang-switch');
      await asAdmin.locator('[data-testid=calendar-notice]', { hasText: `The ${missing} holiday calendar is not loaded` }).waitFor();
    }
    await asAdmin.close();
    const asOperator = await browser.newPage();
    await signIn(asOperator, operator);
    expect(await asOperator.locator('[data-testid=calendar-notice]').isHidden()).toBe(true);
    await asOperator.close();
  });
});

beforeAll(() => mkdirSync(ARTIFACTS, { recursive: true }));
