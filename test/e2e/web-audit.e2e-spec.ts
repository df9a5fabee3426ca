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

(hasBrowser ? describe : describe.skip)('web-audit in headless Chromium', () => {
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

  it("should let an auditor filter last month's patrols of a site, export them, verify an export offline, and see a direct edit named", async () => {
    const admin = { Authorization: `Bearer ${await platform.login()}` };
    const auditor = uniqueId('aud');
    await platform.http.post('/api/users').set(admin).send({ username: auditor, password: 'password-123', role: 'auditor' }).expect(201);
    const site = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ name: 'Audit site 审计站点' }))
        .expect(201)
    ).body;
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
    // installed before last month, so last month has its patrol
    await backdateInstallation(platform, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1)));
    await platform.http
      .post('/api/patrol-plans')
      .set(admin)
      .send({ kind: 'monthly', siteIds: [site.id], startsOn: lastMonth })
      .expect(201);
    await platform.app.get(PatrolGenerator).generate();

    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    const violations = await cspViolations(page);
    const url = await signIn(page, auditor);
    await page.goto(`${url}/audit.html`);
    await page.waitForSelector('[data-testid=trail] tr');
    await page.click('#verify');
    await page.waitForSelector('[data-testid=verdict].verdict-ok');

    // last month's patrols of the one site, exported as CSV and PDF
    await page.click('[data-tab=patrols]');
    await page.selectOption('#patrol-filter select[name=siteId]', site.id);
    await page.click('#patrol-filter button[type=submit]');
    await page.waitForSelector('[data-testid=patrols] tr');
    expect(await page.locator('[data-testid=patrols] tr').count()).toBe(1);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-month=csv]')]);
    const csvText = readFileSync((await csv.path())!, 'utf8');
    const [patrol] = (await platform.http.get(`/api/patrols?siteId=${site.id}`).set(admin).expect(200)).body.items;
    expect(csvText).toContain(patrol.id);
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('[data-month=pdf]')]);
    expect(
      readFileSync((await pdf.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // the trail of those patrols, exported and checked offline as a recipient would
    await page.click('[data-tab=trail]');
    await page.fill('#trail-filter input[name=entity]', 'patrol-plan');
    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.click('[data-export=jsonl]')]);
    const exported = readFileSync((await jsonl.path())!, 'utf8');
    expect(verifyExport(exported)).toMatchObject({ ok: true, problems: [] });
    await page.screenshot({ path: join(ARTIFACTS, 'audit-views.png'), fullPage: true });

    // an edit behind the application's back is named, in the API and on the page
    const entries = (await platform.http.get('/api/audit?entity=patrol-plan').set(admin).expect(200)).body.items;
    const victim = entries.at(-1).id as number;
    const sql = new DataSource(db.url.startsWith('sqlite:') ? { type: 'better-sqlite3', database: db.url.slice('sqlite:'.length) } : { type: 'postgres', url: db.url });
    await sql.initialize();
    try {
      const runner = sql.createQueryRunner();
      if (!db.url.startsWith('sqlite:')) await runner.query('SET session_replication_role = replica');
      await runner.query(db.url.startsWith('sqlite:') ? 'UPDATE audit_entries SET actor = ? WHERE id = ?' : 'UPDATE audit_entries SET actor = $1 WHERE id = $2', [
        'mallory',
        victim,
      ]);
      await runner.release();
    } finally {
      await sql.destroy();
    }
    const verdict = (await platform.http.get('/api/audit/verify').set(admin).expect(200)).body;
    expect(verdict).toMatchObject({ ok: false, brokenAt: victim });
    await page.click('#verify');
    await page.waitForSelector('[data-testid=verdict].verdict-bad');
    expect(await page.textContent('[data-testid=verdict]')).toContain(String(victim));
    expect(violations).toEqual([]);
    await context.close();
  });
});

beforeAll(() => mkdirSync(ARTIFACTS, { recursive: true }));
