import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_SLA_POLICY } from '@vigil/domain';
import { cspViolations, describeInBrowser, launchBrowser, screenshot, signIn } from '../support/browser';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeSite, uniqueId } from '../support/factories';
import { startMailbox, startWebhookReceiver, type ReceivedMail } from '../support/receivers';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const WAIT = { timeout: 30_000 };

/** The Subject as a person reads it: header lines unfolded, RFC 2047 words (the Chinese part) decoded. */
function subject(m: ReceivedMail): string {
  const header = /^Subject: (.*)$/m.exec(m.raw.replace(/\r?\n[ \t]+/g, ' '))?.[1] ?? '';
  return header.replace(/(=\?UTF-8\?([QB])\?([^?]*)\?=)(\s+(?==\?))?/gi, (_, _word, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** A node of the open tree select. */
const treeNode = (page: Page, text: string) => page.locator('.el-popper:visible .el-tree-node__content', { hasText: text }).first();

/** The text field marked `id` (Element Plus puts the mark on the input itself, or on its wrapper). */
const field = (scope: Locator | Page, id: string) =>
  scope.locator(`input[data-testid="${id}"], [data-testid="${id}"] input, textarea[data-testid="${id}"], [data-testid="${id}"] textarea`).first();

/** Types a wall time into an Element Plus date picker, as a person does, and confirms it. */
async function typeDate(input: Locator, text: string): Promise<void> {
  await input.click();
  await input.fill(text);
  await input.press('Enter');
}

describeInBrowser('the admin screens for people, rotas, windows and plans in headless Chromium', () => {
  const target = databaseTargets()[0];
  let db: TestDatabase;
  let platform: TestPlatform;
  let browser: Browser;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let admin: { Authorization: string };
  let root: string;
  const estate = { customer: '', contract: '', centre: '', room: '', remote: '', rota: '', supervisor: '' };

  beforeAll(async () => {
    db = await target.create();
    mailbox = await startMailbox();
    hooks = await startWebhookReceiver();
    platform = await startTestPlatform(db, { env: { SMTP_URL: mailbox.url } });
    browser = await launchBrowser();
    admin = { Authorization: `Bearer ${await platform.login()}` };
    root = uniqueId('root');
    await platform.http.post('/api/users').set(admin).send({ username: root, password: 'password-123', role: 'admin', displayName: '系统管理员' }).expect(201);
    estate.customer = (await platform.http.post('/api/customers').set(admin).send({ name: '青岛市公安局' }).expect(201)).body.id;
    estate.contract = (
      await platform.http
        .post('/api/contracts')
        .set(admin)
        .send({ customerId: estate.customer, name: '青岛运维合同', startsOn: '2026-01-01', endsOn: '2027-12-31', timeZone: 'Asia/Shanghai', slaPolicy: DEMO_SLA_POLICY })
        .expect(201)
    ).body.id;
    // a rule of the contract's own, which adding a major event must keep
    await platform.http
      .put(`/api/contracts/${estate.contract}/fault-rules`)
      .set(admin)
      .send({ faultRules: { siteOfflineLevel: 2 } })
      .expect(200);
    const site = (body: object) => platform.http.post('/api/sites').set(admin).send(body).expect(201);
    const ofContract = { customerId: estate.customer, contractId: estate.contract };
    estate.centre = (await site(makeSite({ name: '青岛局监控分中心', code: uniqueId('QD'), ...ofContract }))).body.id;
    estate.room = (await site(makeSite({ name: '城阳所监控室', code: uniqueId('QD-CY'), parentId: estate.centre, ...ofContract }))).body.id;
    estate.remote = (await site({ ...makeSite({ name: '乌鲁木齐办事处', code: uniqueId('WLMQ'), region: 'province' }), timeZone: 'Asia/Urumqi' })).body.id;
    const sup = await platform.http
      .post('/api/users')
      .set(admin)
      .send({ username: uniqueId('sup'), password: 'password-123', role: 'supervisor', displayName: '李主管', email: 'li@example.test' })
      .expect(201);
    estate.supervisor = sup.body.id;
    estate.rota = (
      await platform.http
        .post('/api/oncall/rotas')
        .set(admin)
        .send({ name: '青岛值班', siteIds: [estate.centre], members: [estate.supervisor], startsAt: new Date(Date.now() - 3600_000).toISOString() })
        .expect(201)
    ).body.id;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await mailbox?.close();
    await hooks?.close();
    await db?.drop();
  });

  async function openScreen(page: Page, tab: string, testid: string): Promise<void> {
    await page.locator(`[data-admin-tab="${tab}"]`).click();
    await page.locator(`[data-testid=${testid}]`).waitFor(WAIT);
  }

  it('should let an admin create an engineer seeing one site and what is under it, put them on a rota, and send a test message that arrives', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const violations = await cspViolations(page);
    await signIn(page, platform.baseUrl, root, { path: '/#/admin?tab=users' });
    await page.locator('[data-testid=UsersAdmin]').waitFor(WAIT);

    // a new engineer, scoped to the Qingdao centre (and so its monitoring room)
    const username = uniqueId('wang');
    await page.locator('[data-testid=user-new]').click();
    const dialog = page.locator('[data-testid=user-dialog]');
    await field(dialog, 'user-username').fill(username);
    await field(dialog, 'user-display-name').fill('王工');
    await field(dialog, 'user-email').fill(`${username}@example.test`);
    await dialog.locator('[data-testid=user-role]').click();
    await page.locator('[data-testid=user-role-engineer]').click();
    // the server's password rule, told in Chinese beside the field
    await field(dialog, 'user-password').fill('short');
    await dialog.locator('[data-testid=user-scope-limited]').click();
    await dialog.locator('[data-testid=user-scope-sites]').click();
    await treeNode(page, '青岛局监控分中心').locator('.el-checkbox').click();
    await dialog.locator('.el-dialog__title').click();
    await dialog.locator('[data-testid=user-scope-covered]').filter({ hasText: '共 2 个站点' }).waitFor(WAIT);
    await dialog.locator('[data-testid=user-save]').click();
    await dialog.locator('.el-form-item__error', { hasText: '密码至少需要 10 个字符' }).waitFor(WAIT);
    await field(dialog, 'user-password').fill('password-123');
    await dialog.locator('[data-testid=user-save]').click();
    await page.locator(`[data-testid=user-scope-${username}]`).filter({ hasText: '青岛局监控分中心' }).waitFor(WAIT);
    expect(await page.locator(`[data-testid=user-scope-${username}]`).textContent()).toContain('共 2 个站点');
    await screenshot(page, 'admin-people-users');
    const created = (
      (await platform.http.get('/api/users').set(admin).expect(200)).body.items as { id: string; username: string; role: string; scope: unknown; email: string }[]
    ).find((u) => u.username === username)!;
    expect(created).toMatchObject({ role: 'engineer', email: `${username}@example.test`, scope: { customerIds: [], siteIds: [estate.centre] } });

    // the rota: the engineer joins and a WeCom group chat is added
    await openScreen(page, 'rotas', 'RotasAdmin');
    await page.locator('[data-testid="rota-edit-青岛值班"]').click();
    const rota = page.locator('[data-testid=rota-dialog]');
    await rota.locator('[data-testid=rota-add-member]').click();
    await page.locator(`[data-testid=rota-candidate-${username}]`).click();
    await rota.locator(`[data-testid=rota-member-${username}]`).waitFor(WAIT);
    await rota.locator('[data-testid=rota-add-webhook]').click();
    await field(rota, 'rota-webhook-url-0').fill(`${hooks.url}/wecom/qingdao`);
    await rota
      .locator('[data-testid=rota-mailed]')
      .filter({ hasText: `${username}@example.test` })
      .waitFor(WAIT);
    await screenshot(page, 'admin-people-rota');
    await rota.locator('[data-testid=rota-save]').click();
    await rota.waitFor({ state: 'hidden', ...WAIT });
    const stored = (await platform.http.get('/api/oncall/rotas').set(admin).expect(200)).body.items.find((r: { id: string }) => r.id === estate.rota);
    expect(stored).toMatchObject({ members: [estate.supervisor, created.id], webhooks: [{ url: `${hooks.url}/wecom/qingdao`, format: 'wecom' }], siteIds: [estate.centre] });

    // a test message to the new engineer and the group chat: it arrives, and the page says so
    await page.locator('[data-testid="rota-test-青岛值班"]').click();
    const test = page.locator('[data-testid=rota-test-dialog]');
    await test.locator(`[data-testid=rota-test-person-${username}]`).click();
    await test.locator('[data-testid=rota-test-send]').click();
    await test.locator('[data-testid=rota-test-results]').waitFor(WAIT);
    expect(await test.locator('[data-testid=rota-test-status-sent]').count()).toBe(3);
    const mail = await waitFor(async () => mailbox.mails.find((m) => m.to.includes(`${username}@example.test`)));
    expect(subject(mail)).toBe('[Vigil] 测试消息 Test message: 青岛值班');
    expect(mailbox.mails.filter((m) => m.to.includes('li@example.test'))).toHaveLength(1);
    expect(hooks.posts.find((p) => p.path === '/wecom/qingdao')?.body.markdown.content).toContain('测试消息');
    await screenshot(page, 'admin-people-rota-test');
    // a second test at once is refused with how long to wait
    await test.locator('[data-testid=rota-test-send]').click();
    await test.locator('[data-testid=rota-test-wait]').waitFor(WAIT);
    expect(mailbox.mails.filter((m) => m.to.includes(`${username}@example.test`))).toHaveLength(1);
    await test.locator('.el-dialog__headerbtn').click();

    expect(violations).toEqual([]);
    await page.close();
  }, 240_000);

  it("should let an admin set a maintenance window in the site's own time and a patrol plan from a checklist, with the checklist's items checked as edited", async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const violations = await cspViolations(page);
    await signIn(page, platform.baseUrl, root, { path: '/#/admin?tab=windows' });
    await page.locator('[data-testid=WindowsAdmin]').waitFor(WAIT);

    // 10:00–12:00 on 1 December 2026 in Urumqi (UTC+6) is 04:00–06:00Z
    await page.locator('[data-testid=window-new]').click();
    const win = page.locator('[data-testid=window-dialog]');
    await field(win, 'window-name').fill('UPS 更换');
    await win.locator('[data-testid=window-sites]').click();
    await treeNode(page, '乌鲁木齐办事处').locator('.el-checkbox').click();
    await win.locator('.el-dialog__title').click();
    await win.locator('[data-testid=window-zone]').filter({ hasText: 'Asia/Urumqi' }).waitFor(WAIT);
    await typeDate(field(win, 'window-starts-at'), '2026-12-01 10:00');
    await typeDate(field(win, 'window-ends-at'), '2026-12-01 09:00');
    await field(win, 'window-reason').fill('更换 UPS 电池');
    await win.locator('[data-testid=window-save]').click();
    await win.locator('.el-form-item__error', { hasText: '结束须晚于开始' }).waitFor(WAIT);
    await typeDate(field(win, 'window-ends-at'), '2026-12-01 12:00');
    await win.locator('[data-testid=window-save]').click();
    await win.waitFor({ state: 'hidden', ...WAIT });
    const windows = (await platform.http.get('/api/maintenance-windows').set(admin).expect(200)).body.items;
    expect(windows).toEqual([expect.objectContaining({ name: 'UPS 更换', siteIds: [estate.remote], startsAt: '2026-12-01T04:00:00.000Z', endsAt: '2026-12-01T06:00:00.000Z' })]);
    // ended windows are listed on asking, still in the site's time
    await page.locator('[data-testid=window-show-ended]').click();
    expect(await page.locator('[data-testid="window-when-UPS 更换"]').textContent()).toBe('2026-12-01 10:00 – 2026-12-01 12:00 (Asia/Urumqi)');

    // major-event cover for the contract: levels raised by two, the contract's other rules kept
    await page.locator('[data-testid=major-new]').click();
    const major = page.locator('[data-testid=major-dialog]');
    await field(major, 'major-name').fill('国庆安保');
    await typeDate(field(major, 'major-from'), '2026-10-01 00:00');
    await typeDate(field(major, 'major-to'), '2026-10-07 23:59');
    await major.locator('[data-testid=major-raise-2]').click();
    await major.locator('[data-testid=major-save]').click();
    await major.waitFor({ state: 'hidden', ...WAIT });
    await page.locator('[data-testid="major-row-国庆安保"]').waitFor(WAIT);
    const rules = (await platform.http.get(`/api/contracts/${estate.contract}`).set(admin).expect(200)).body.faultRules;
    expect(rules).toEqual({
      siteOfflineLevel: 2,
      majorEvents: [{ name: '国庆安保', from: '2026-09-30T16:00:00.000Z', to: '2026-10-07T15:59:00.000Z', siteIds: null, raiseBy: 2 }],
    });
    await screenshot(page, 'admin-people-windows');

    // a monthly plan for the Qingdao monitoring room, from the monthly checklist
    await openScreen(page, 'patrol-plans', 'PatrolPlansAdmin');
    await page.locator('[data-testid=template-plan-monthly]').click();
    const plan = page.locator('[data-testid=plan-dialog]');
    await plan.locator('[data-testid=plan-template]').filter({ hasText: '月度系统巡检' }).waitFor(WAIT);
    await plan.locator('[data-testid=plan-reach-sites]').click();
    await plan.locator('[data-testid=plan-sites]').click();
    // the tree is filtered by what is typed: the monitoring room sits under the centre
    await page.keyboard.type('城阳');
    await treeNode(page, '城阳所监控室').locator('.el-checkbox').click();
    await plan.locator('.el-dialog__title').click();
    await plan.locator('[data-testid=plan-save]').click();
    await plan.waitFor({ state: 'hidden', ...WAIT });
    const plans = (await platform.http.get('/api/patrol-plans').set(admin).expect(200)).body.items;
    expect(plans).toEqual([expect.objectContaining({ kind: 'monthly', siteIds: [estate.room], contractId: estate.contract })]);
    await page.locator(`[data-testid=plan-reach-${plans[0].id}]`).filter({ hasText: '城阳所监控室' }).waitFor(WAIT);
    const patrols = (await platform.http.get(`/api/patrols?siteId=${estate.room}`).set(admin).expect(200)).body.items;
    expect(patrols).toEqual([expect.objectContaining({ planId: plans[0].id, kind: 'monthly' })]);
    await screenshot(page, 'admin-people-plans');

    // a new version of the checklist: a limit below its minimum is told at the item, then published once fixed
    await page.locator('[data-testid=template-edit-monthly]').click();
    const editor = page.locator('[data-testid=template-editor]');
    // the monthly checklist's fourth line is the switch temperature, a number ≤ 60 °C
    const temp = editor.locator('[data-testid=template-item-3]');
    expect(await temp.getAttribute('data-key')).toBe('switch-temp');
    await temp.click();
    const form = editor.locator('[data-testid=template-item-form]');
    await field(form, 'template-item-min').fill('70');
    await editor.locator('[data-testid=template-publish]').click();
    await form.locator('.el-form-item__error', { hasText: '上限不能低于下限' }).waitFor(WAIT);
    expect(await temp.getAttribute('class')).toContain('wrong');
    await screenshot(page, 'admin-people-template');
    await field(form, 'template-item-min').fill('5');
    await editor.locator('[data-testid=template-publish]').click();
    await editor.waitFor({ state: 'hidden', ...WAIT });
    const versions = (await platform.http.get('/api/patrol-templates').set(admin).expect(200)).body.items.filter((t: { kind: string }) => t.kind === 'monthly');
    const latest = versions.sort((a: { version: number }, b: { version: number }) => b.version - a.version)[0];
    expect(latest.version).toBe(2);
    expect(latest.items.find((i: { key: string }) => i.key === 'switch-temp')).toMatchObject({ type: 'number', min: 5, max: 60, unit: '°C' });
    await page.locator('[data-testid=template-monthly]').filter({ hasText: '第 2 版' }).waitFor(WAIT);

    expect(violations).toEqual([]);
    await page.close();
  }, 240_000);
});
