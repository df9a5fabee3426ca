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

(hasBrowser ? describe : describe.skip)('dashboard in headless Chromium', () => {
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
