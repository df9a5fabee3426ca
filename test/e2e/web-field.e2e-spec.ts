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

(hasBrowser ? describe : describe.skip)('web-field in headless Chromium', () => {
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

  it('should let an engineer record a patrol on its page and the customer sign it with a signature drawn there', async () => {
    const admin = { Authorization: `Bearer ${await platform.login()}` };
    const engineer = uniqueId('eng');
    const engineerId = (await platform.http.post('/api/users').set(admin).send({ username: engineer, password: 'password-123', role: 'engineer' }).expect(201)).body.id;
    const eng = { Authorization: `Bearer ${await platform.login(engineer, 'password-123')}` };
    const site = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ name: '机场办事处监控室 测试' }))
        .expect(201)
    ).body;
    await platform.http
      .post('/api/patrol-plans')
      .set(admin)
      .send({ kind: 'weekly-power-on', siteIds: [site.id], startsOn: new Date().toISOString().slice(0, 10) })
      .expect(201);
    await platform.app.get(PatrolGenerator).generate();
    const [patrol] = (await platform.http.get(`/api/patrols?siteId=${site.id}`).set(admin).expect(200)).body.items;
    const supervisor = uniqueId('sup');
    await platform.http.post('/api/users').set(admin).send({ username: supervisor, password: 'password-123', role: 'supervisor' }).expect(201);
    const sup = { Authorization: `Bearer ${await platform.login(supervisor, 'password-123')}` };
    await platform.http.post(`/api/patrols/${patrol.id}/assign`).set(sup).send({ assigneeId: engineerId }).expect(200);

    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const violations = await cspViolations(page);
    const url = await signIn(page, engineer);
    await page.goto(`${url}/patrol.html#${patrol.id}`);
    await page.click('#start');
    const lines = (await platform.http.get(`/api/patrols/${patrol.id}`).set(eng).expect(200)).body.lines as { lineKey: string; item: { type: string; required: boolean } }[];
    for (const line of lines.filter((l) => l.item.required)) {
      const row = page.locator(`tr[data-line="${line.lineKey}"]`);
      if (line.item.type === 'number' || line.item.type === 'text') {
        await row.locator('input').fill(line.item.type === 'number' ? '30' : '正常');
        await row.locator('button').click();
      } else {
        await row.locator('button[data-outcome=pass]').click();
      }
      await page.waitForSelector(
        `tr[data-line="${line.lineKey}"] button.on, tr[data-line="${line.lineKey}"] .outcome:has-text("pass"), tr[data-line="${line.lineKey}"] .outcome:has-text("合格")`,
      );
    }
    await page.click('#submit');
    await page.waitForSelector('#signoff:not([hidden])');
    await page.fill('input[name=signerName]', '王五');
    await page.fill('input[name=signerTitle]', '监控室主任');
    const pad = await page.locator('[data-testid=signature-pad]').boundingBox();
    await page.mouse.move(pad!.x + 40, pad!.y + 120);
    await page.mouse.down();
    for (let i = 1; i <= 12; i += 1) await page.mouse.move(pad!.x + 40 + i * 25, pad!.y + 120 - Math.sin(i / 2) * 50);
    await page.mouse.up();
    await page.click('.sign-form button[type=submit]');
    await page.waitForSelector('[data-testid=signed]:not([hidden])');
    await page.screenshot({ path: join(ARTIFACTS, 'patrol-signed.png'), fullPage: true });
    const signed = (await platform.http.get(`/api/patrols/${patrol.id}`).set(admin).expect(200)).body;
    expect(signed).toMatchObject({ state: 'signed', signoff: { signerName: '王五', signerTitle: '监控室主任' } });
    // a real drawing, not an empty canvas: a PNG with ink on it is far larger than a blank one
    expect(signed.signoff.signature).toMatch(/^data:image\/png;base64,/);
    expect(signed.signoff.signature.length).toBeGreaterThan(2000);
    // the signed page shows the signature from its data: URL
    expect(await page.evaluate(`document.getElementById('signed-signature').naturalWidth > 0`)).toBe(true);
    expect(violations).toEqual([]);
    await page.close();
  });
});

beforeAll(() => mkdirSync(ARTIFACTS, { recursive: true }));
