import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import type { Browser, Page } from 'playwright-core';
import { PatrolGenerator } from '@vigil/application';
import { DEMO_SLA_POLICY, verifyExport } from '@vigil/domain';
import { cspViolations, describeInBrowser, launchBrowser, screenshot, signIn } from '../support/browser';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeDevice, makeSite, uniqueId } from '../support/factories';
import { backdateInstallation } from '../support/installation';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
/** A month as the estate counts it (the contract's zone), `back` months before this one. */
const monthInShanghai = (back: number): string => {
  const [y, m] = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).split('-').map(Number);
  const at = new Date(Date.UTC(y, m - 1 - back, 1));
  return at.toISOString().slice(0, 7);
};

describeInBrowser('the auditor in headless Chromium', () => {
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

  /** Picks an option of an Element Plus select by what it shows. */
  async function choose(page: Page, select: string, option: string): Promise<void> {
    await page.locator(select).click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: option }).first().click();
  }

  /** Nothing wider than the window: neither the page, nor a drawer, nor a table scrolls sideways. */
  const scrollsSideways = (page: Page): Promise<string[]> =>
    page.evaluate(
      `[document.documentElement, ...document.querySelectorAll('.el-drawer__body, .el-table__body-wrapper .el-scrollbar__wrap')]
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.className || el.tagName)`,
    );

  it("should show the auditor a named trail, a verified chain and its exports, last month's patrols of a site, a readable fault record, the month's service report, and a direct edit named, on a desk and a tablet", async () => {
    const admin = { Authorization: `Bearer ${await platform.login()}` };
    const user = async (role: string, displayName: string) => {
      const username = uniqueId(role.slice(0, 3));
      const id = (await platform.http.post('/api/users').set(admin).send({ username, password: 'password-123', role, displayName }).expect(201)).body.id as string;
      return { id, username, auth: { Authorization: `Bearer ${await platform.login(username, 'password-123')}` } };
    };
    const auditor = await user('auditor', '审计员 李');
    const supervisor = await user('supervisor', '王主管');
    const engineer = await user('engineer', '张工');
    const customer = (await platform.http.post('/api/customers').set(admin).send({ name: '青岛地铁 Qingdao Metro' }).expect(201)).body;
    const contract = (
      await platform.http
        .post('/api/contracts')
        .set(admin)
        .send({ customerId: customer.id, name: '青岛运维合同 2026', startsOn: '2020-01-01', endsOn: '2035-12-31', slaPolicy: DEMO_SLA_POLICY })
        .expect(201)
    ).body;
    const site = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ name: 'Audit site 审计站点', customerId: customer.id, contractId: contract.id }))
        .expect(201)
    ).body;
    const camera = makeDevice(site.id, { id: uniqueId('CAM'), type: 'camera', name: '大门枪机' });
    await platform.http.post('/api/devices').set(admin).send(camera).expect(201);

    // last month's patrol: installed before last month, a monthly plan from its first day
    const lastMonth = monthInShanghai(1);
    await backdateInstallation(platform, `${monthInShanghai(2)}-01T00:00:00+08:00`);
    await platform.http
      .post('/api/patrol-plans')
      .set(admin)
      .send({ kind: 'monthly', siteIds: [site.id], startsOn: `${lastMonth}-01` })
      .expect(201);
    await platform.app.get(PatrolGenerator).generate();
    const [patrol] = (await platform.http.get(`/api/patrols?siteId=${site.id}&period=${lastMonth}`).set(admin).expect(200)).body.items;

    // a fault worked from the phone call to the customer's signature
    const fault = (
      await platform.http
        .post('/api/faults')
        .set(supervisor.auth)
        .send({ siteId: site.id, deviceId: camera.id, kind: 'no-picture', level: 3, description: '大门画面黑屏', reporter: '保安 刘', channel: 'phone' })
        .expect(201)
    ).body;
    await platform.http.post(`/api/faults/${fault.id}/acknowledge`).set(supervisor.auth).send({ plan: '派张工到场' }).expect(200);
    await platform.http.post(`/api/faults/${fault.id}/dispatch`).set(supervisor.auth).send({ assigneeId: engineer.id }).expect(200);
    await platform.http.post(`/api/faults/${fault.id}/restore`).set(supervisor.auth).send({ note: '重新插紧视频线' }).expect(200);
    await platform.http
      .post(`/api/faults/${fault.id}/close`)
      .set(supervisor.auth)
      .send({ resolution: '视频线松动，已紧固', repaired: true, signoff: { signerName: '陈经理', signerTitle: '站长', signature: SIGNATURE } })
      .expect(200);

    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const violations = await cspViolations(page);
    await signIn(page, platform.baseUrl, auditor.username, { path: '/#/audit' });

    // the trail names people, sites and devices; no id of theirs is printed
    const trail = page.locator('[data-testid=trail]');
    const dispatched = trail.locator('[data-entity=fault]', { hasText: '张工' }).first();
    await dispatched.waitFor({ timeout: 30_000 });
    expect(await dispatched.textContent()).toContain('王主管');
    expect(await dispatched.textContent()).toContain('无图像 · 大门枪机 · Audit site 审计站点');
    const trailText = (await trail.textContent()) ?? '';
    for (const id of [site.id, engineer.id, supervisor.id, customer.id, contract.id, fault.id]) expect(trailText).not.toContain(id);
    expect(trailText).not.toMatch(/[{}]/);
    await page.click('[data-testid=verify]');
    await page.locator('[data-testid=verdict][data-state=ok]').waitFor();
    await screenshot(page, 'audit-trail');

    // the trail of the patrol plans, exported and checked offline as a recipient would; CSV and PDF for people
    await choose(page, '[data-testid=filter-entity]', '巡检计划');
    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.click('[data-export=jsonl]')]);
    const exported = readFileSync((await jsonl.path())!, 'utf8');
    expect(verifyExport(exported)).toMatchObject({ ok: true, problems: [] });
    expect(exported).toContain('"entity":"patrol-plan"');
    expect(exported).not.toContain('"entity":"fault"');
    const [trailCsv] = await Promise.all([page.waitForEvent('download'), page.click('[data-export=csv]')]);
    expect(readFileSync((await trailCsv.path())!, 'utf8')).toContain('patrol-plan');
    const [trailPdf] = await Promise.all([page.waitForEvent('download'), page.click('[data-export=pdf]')]);
    expect(
      readFileSync((await trailPdf.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // last month's patrols of the one site, and the month report as CSV and PDF
    await page.click('[data-tab=patrols]');
    await page.locator('[data-testid=patrol-site]').click();
    await page.locator(`.el-select-dropdown__item[data-site="${site.id}"]`).click();
    await page.click('[data-testid=patrol-search]');
    await page.locator(`[data-testid=patrols] [data-patrol="${patrol.id}"]`).waitFor();
    expect(await page.locator('[data-testid=patrols] .el-table__row').count()).toBe(1);
    expect(await page.locator('[data-testid=patrols] .el-table__row').textContent()).toContain('月度巡检');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-month=csv]')]);
    expect(readFileSync((await csv.path())!, 'utf8')).toContain(patrol.id);
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('[data-month=pdf]')]);
    expect(
      readFileSync((await pdf.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await screenshot(page, 'audit-patrols');

    // the fault as a record: words, names and local times, the signature as a picture; no JSON
    await page.click('[data-tab=faults]');
    await page.locator(`[data-testid=faults] [data-fault="${fault.id}"]`).click();
    const record = page.locator('[data-testid=fault-record]');
    await record.locator('[data-testid=record-history] li').nth(4).waitFor();
    const recordText = (await record.textContent()) ?? '';
    for (const words of ['无图像 · 大门枪机', 'Audit site 审计站点', '已关闭', '张工', '王主管', '派单', '陈经理', '视频线松动，已紧固', 'Asia/Shanghai'])
      expect(recordText).toContain(words);
    expect(recordText).not.toMatch(/[{}]/);
    expect(recordText).not.toContain('no-picture');
    expect(recordText).not.toContain(engineer.id);
    expect(await record.locator('img[src^="data:image/png"]').count()).toBe(1);
    await screenshot(page, 'audit-fault-record');
    await page.keyboard.press('Escape');
    await record.waitFor({ state: 'detached' });

    // this month's service report as tables, the figures the API answers
    const thisMonth = monthInShanghai(0);
    const figures = (await platform.http.get(`/api/reports/service?contractId=${contract.id}&period=${thisMonth}`).set(auditor.auth).expect(200)).body;
    expect(figures.faults.total).toBe(1);
    await page.click('[data-tab=report]');
    await choose(page, '[data-testid=report-contract]', '青岛运维合同 2026');
    await page.locator('[data-testid=report-filter] input[name=period]').fill(thisMonth);
    await page.keyboard.press('Enter');
    await page.click('[data-testid=report-show]');
    const faultTable = page.locator('[data-testid=report] [data-table=faults]');
    // the month asked for, not the previous month the panel opened on
    await page.locator('[data-testid=report]', { hasText: `${thisMonth} 月度运维报告` }).waitFor();
    await faultTable.waitFor();
    const cells = async (key: string) =>
      page.locator(`[data-testid=report] [data-table=${key}] tbody tr`).evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    const faultRows = await cells('faults');
    expect(faultRows[0]).toEqual(['故障总数', '1']);
    expect(faultRows).toContainEqual(['三级', '1']);
    expect(faultRows).toContainEqual(['人工处理', String(figures.faults.handled)]);
    expect(faultRows).toContainEqual(['平均响应时间', `${figures.faults.mttaMinutes} 分钟`]);
    expect((await cells('sla'))[0]).toEqual(['响应', String(figures.sla.respond.met), String(figures.sla.respond.breached), expect.stringMatching(/ %$|—/)]);
    expect((await cells('patrols'))[0]).toEqual(['巡检总数', String(figures.patrols.total)]);
    // [14] the site's video figures: nothing reported is "—", never 0 %
    expect(await cells('video')).toEqual([[expect.stringContaining('Audit site 审计站点 ('), '—', '—', '—', expect.stringMatching(/ %$|—/), expect.stringMatching(/^\d+$/)]]);
    expect(await page.locator('[data-testid=report]').textContent()).toContain(`青岛运维合同 2026 · ${thisMonth} 月度运维报告`);
    const [servicePdf] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=report-pdf]')]);
    expect(
      readFileSync((await servicePdf.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await screenshot(page, 'audit-service-report');

    // an edit behind the application's back is named, in the API and on the page, in both languages
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
    expect((await platform.http.get('/api/audit/verify').set(admin).expect(200)).body).toMatchObject({ ok: false, brokenAt: victim, problem: 'edited' });
    await page.click('[data-tab=trail]');
    await page.click('[data-testid=verify]');
    const verdict = page.locator('[data-testid=verdict][data-state=broken]');
    await verdict.waitFor();
    expect(await verdict.textContent()).toContain(`审计链已被篡改：从第 ${victim} 条起不可信`);
    expect(await verdict.textContent()).toContain('记录被直接修改');
    await page.click('[data-testid=show-broken]');
    // the entry as it is now: the actor the database edit wrote
    const named = page.locator(`[data-testid=trail] .highlight[data-entry="${victim}"]`, { hasText: 'mallory' });
    await named.waitFor();
    // brought into view, not left somewhere below
    const box = (await named.boundingBox())!;
    expect(box.y >= 0 && box.y + box.height <= 1080).toBe(true);
    await screenshot(page, 'audit-broken-chain');
    await page.click('[data-testid=lang-switch]');
    await verdict.locator('text=The chain was tampered with').waitFor();
    expect(await verdict.textContent()).toContain(`not to be trusted from entry ${victim} on`);
    expect(await verdict.textContent()).toContain('edited in the database');
    await page.click('[data-testid=lang-switch]');

    // a tablet either way round: every tab fits the width, the fault record too
    for (const [name, viewport] of [
      ['audit-tablet-landscape', { width: 1024, height: 768 }],
      ['audit-tablet-portrait', { width: 768, height: 1024 }],
    ] as const) {
      await page.setViewportSize(viewport);
      for (const tab of ['trail', 'faults', 'patrols', 'report']) {
        await page.click(`[data-tab=${tab}]`);
        await page.locator(`[data-tab=${tab}]`).waitFor();
        expect([name, tab, await scrollsSideways(page)]).toEqual([name, tab, []]);
      }
      await page.click('[data-tab=trail]');
      await trail.locator('[data-entry]').first().waitFor();
      await screenshot(page, name);
      await page.click('[data-tab=faults]');
      await page.locator(`[data-testid=faults] [data-fault="${fault.id}"]`).click();
      await record.locator('[data-testid=record-history] li').nth(4).waitFor();
      expect([name, 'record', await scrollsSideways(page)]).toEqual([name, 'record', []]);
      if (viewport.width === 768) await screenshot(page, 'audit-tablet-record');
      await page.keyboard.press('Escape');
      await record.waitFor({ state: 'detached' });
    }
    expect(violations).toEqual([]);
    await context.close();
    // a whole working day in one browser: generous on a loaded machine
  }, 300_000);
});
