import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { cspViolations, describeInBrowser, launchBrowser, screenshot, sidewaysOverflow, signIn } from '../support/browser';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet } from '../support/device-client';
import { createUser, makeSite, uniqueId, type TestUser } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

const WIDE = { width: 1920, height: 1080 };
const LONG = 30_000;

describeInBrowser('the operator console in headless Chromium', () => {
  const target = databaseTargets()[0];
  let db: TestDatabase;
  let platform: TestPlatform;
  let browser: Browser;
  let device: DeviceFleet;
  let admin: { Authorization: string };
  let op: TestUser;
  let eng: TestUser;
  let site: { id: string; name: string };
  const as = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const report = async (kind: string, description: string, level = 3) =>
    (await platform.http.post('/api/faults').set(as(op)).send({ siteId: site.id, kind, level, description, reporter: '赵六 13800000000', channel: 'phone' }).expect(201)).body as {
      id: string;
    };
  const fault = async (id: string) => (await platform.http.get(`/api/faults/${id}`).set(admin).expect(200)).body;

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { env: { VIGIL_MISSED_HEARTBEATS: '2', VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `b-${randomBytes(4).toString('hex')}` } });
    device = await DeviceFleet.connect(platform);
    browser = await launchBrowser();
    admin = { Authorization: `Bearer ${await platform.login()}` };
    op = await createUser(platform, admin, 'operator', 'op');
    eng = await createUser(platform, admin, 'engineer', 'eng');
    await platform.http.patch(`/api/users/${eng.id}`).set(admin).send({ displayName: '李工程师' }).expect(200);
    site = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ name: '青岛局监控分中心 测试' }))
        .expect(201)
    ).body;
    const sup = await createUser(platform, admin, 'supervisor', 'sup');
    await platform.http
      .post('/api/oncall/rotas')
      .set(as(sup))
      .send({ name: uniqueId('rota'), siteIds: [site.id], members: [eng.id], startsAt: new Date(Date.now() - 3600_000).toISOString() })
      .expect(201);
  });

  afterAll(async () => {
    await browser?.close();
    await device?.close();
    await platform?.close();
    await db?.drop();
  });

  /** A page signed in as `user` on the console (or on `path`), collecting CSP refusals. */
  async function open(user: TestUser, path = '/#/operator', viewport = WIDE): Promise<{ page: Page; violations: string[] }> {
    const page = await browser.newPage({ viewport });
    const violations = await cspViolations(page);
    await signIn(page, platform.baseUrl, user.username, { path });
    await page.locator('[data-testid=fault-list]').waitFor();
    return { page, violations };
  }
  const row = (page: Page, id: string) => page.locator(`.el-table-v2__row[data-fault="${id}"]`);
  const dialog = (page: Page, kind: string) => page.locator(`[data-testid=dialog-${kind}]`);

  it('should show the counts, a silent DVR as a new fault within seconds with its countdown, and acknowledge it with a plan from the page', async () => {
    const dvr = uniqueId('DVR');
    await platform.http.post('/api/devices').set(admin).send({ id: dvr, type: 'dvr', siteId: site.id, heartbeatIntervalSec: 1 }).expect(201);
    await platform.http
      .post('/api/devices')
      .set(admin)
      .send({ id: uniqueId('SPK'), type: 'speaker', siteId: site.id })
      .expect(201);

    const { page, violations } = await open(op);
    // a speaker sends no heartbeats: named as not monitored, never counted as unknown
    const bar = page.locator(`[data-site="${site.id}"] .bar`);
    await bar.waitFor({ timeout: LONG });
    expect(await bar.getAttribute('data-counts')).toBe('在线 0 · 异常 0 · 离线 0 · 未知 1 · 不监测（无心跳，巡检覆盖） 1');
    // [14] today's video figures: nothing reported yet is "—", never 0 %
    const video = page.locator('[data-testid=video-today]');
    await video.waitFor({ timeout: LONG });
    expect(await video.locator('[data-figure=completeness] b').textContent()).toBe('—');
    const before = Number(await page.textContent('[data-testid=level-2] b'));

    await device.heartbeat(dvr);
    const dvrRow = page.locator(`.el-table-v2__row[data-device="${dvr}"]`);
    await dvrRow.waitFor({ timeout: LONG });
    // the live event carried the SLA: the countdown is there without a request per fault
    await dvrRow.locator('[data-sla]', { hasText: /\d+:\d\d:\d\d/ }).waitFor();
    await page.locator('[data-testid=level-2] b', { hasText: new RegExp(`^${before + 1}$`) }).waitFor({ timeout: LONG });
    await screenshot(page, 'operator-new-fault');

    await dvrRow.locator('button[data-action=acknowledge]').click();
    await dialog(page, 'acknowledge').locator('textarea[data-testid=ack-plan]').fill('重启录像机 restart the DVR');
    await dialog(page, 'acknowledge').locator('[data-testid=dialog-submit]').click();
    await page.mouse.move(5, 5);
    await dvrRow.locator('[data-testid=fault-state]', { hasText: /^已确认$/ }).waitFor();
    const faults = (await platform.http.get(`/api/faults?deviceId=${dvr}`).set(admin).expect(200)).body.items;
    expect(faults[0]).toMatchObject({ state: 'acknowledged', plan: '重启录像机 restart the DVR' });

    // the level boxes filter the list
    await page.locator('[data-testid=level-1]').click();
    await dvrRow.waitFor({ state: 'detached' });
    await page.locator('[data-testid=level-1]').click();
    await dvrRow.waitFor();

    await page.locator('[data-testid=lang-switch]').click();
    expect(await page.textContent('[data-testid=level-1] span')).toBe('Level 1');
    await dvrRow.locator('[data-testid=fault-state]', { hasText: /^Acknowledged$/ }).waitFor();
    // a laptop: nothing cut off sideways
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await sidewaysOverflow(page)).toEqual([]);
    await screenshot(page, 'operator-laptop');
    await page.locator('[data-testid=lang-switch]').click();
    expect(violations).toEqual([]);
    await page.close();
  }, 180_000);

  it('should keep the row under the pointer still while new faults arrive, collecting them in a bar, and sound a mutable alarm on level 1', async () => {
    const first = await report('audio', '会议室无声 no sound', 4);
    const { page, violations } = await open(op);
    const held = row(page, first.id);
    await held.waitFor({ timeout: LONG });
    await held.hover();
    const box = await held.boundingBox();

    // a level-1 fault sorts above everything: while the pointer is on the list it waits in the bar
    const urgent = await report('damaged', '机房进水 water in the equipment room', 1);
    await page.locator('[data-testid=fresh-bar]', { hasText: /1/ }).waitFor({ timeout: LONG });
    expect(await row(page, urgent.id).count()).toBe(0);
    expect(await held.boundingBox()).toEqual(box);

    // a level-1 fault raises the alarm (a beep, a browser notification where allowed, a notice on the page)
    await page.locator('.level1-alert', { hasText: '设备损坏' }).waitFor();

    // the pointer leaves: the list takes its order, the level-1 fault on top
    await page.mouse.move(5, 5);
    await row(page, urgent.id).waitFor();
    expect((await row(page, urgent.id).boundingBox())!.y).toBeLessThan((await held.boundingBox())!.y);

    // the operator mutes the alarm: it stays muted after a reload
    await page.locator('[data-testid=alarm-toggle]').click();
    await page.locator('[data-testid=alarm-toggle][data-muted=true]').waitFor();
    await page.reload();
    await page.locator('[data-testid=alarm-toggle][data-muted=true]').waitFor();
    await page.locator('[data-testid=alarm-toggle]').click();
    await page.locator('[data-testid=alarm-toggle][data-muted=false]').waitFor();
    expect(violations).toEqual([]);
    await page.close();
  }, 180_000);

  it('should dispatch to an engineer picked from the list (on call marked), and let the engineer arrive, restore and close with a signature', async () => {
    const reported = await report('display', '拼接屏黑屏 video wall dark');
    const { page, violations } = await open(op);
    await row(page, reported.id).click({ timeout: LONG });
    const panel = page.locator('[data-testid=fault-panel]');
    await panel.locator(`[data-fault-detail="${reported.id}"]`).waitFor();
    await panel.locator('[data-testid=fault-on-call]', { hasText: '李工程师' }).waitFor();
    await panel.locator('[data-action=dispatch]').click();
    const picker = dialog(page, 'dispatch');
    const choice = picker.locator(`[data-assignee="${eng.id}"]`);
    await choice.waitFor();
    expect(await choice.locator('[data-testid=on-call-primary]').count()).toBe(1);
    await choice.click();
    await screenshot(page, 'operator-dispatch');
    await picker.locator('[data-testid=dialog-submit]').click();
    await panel.locator('[data-field=assignee] td', { hasText: '李工程师' }).waitFor();
    expect(await fault(reported.id)).toMatchObject({ state: 'dispatched', assigneeId: eng.id });
    // an operator neither arrives nor closes: those are the engineer's (and supervisor's)
    expect(await panel.locator('[data-action=arrive], [data-action=close]').count()).toBe(0);
    expect(violations).toEqual([]);
    await page.close();

    // the engineer opens the fault's link in the console
    const engineer = await open(eng, `/#/faults/${reported.id}`);
    const drawer = engineer.page.locator('[data-testid=fault-panel]');
    await drawer.locator(`[data-fault-detail="${reported.id}"]`).waitFor();
    await drawer.locator('[data-action=arrive]').click();
    await dialog(engineer.page, 'arrive').locator('[data-testid=dialog-submit]').click();
    await drawer.locator('[data-field=state] td', { hasText: '已到场' }).waitFor();
    // the SLA timeline: acknowledged by the dispatch, on site now
    await drawer.locator('[data-step=respond][data-status=met]').waitFor();
    await drawer.locator('[data-step=arrive][data-status=met]').waitFor();
    await drawer.locator('[data-action=restore]').click();
    await dialog(engineer.page, 'restore').locator('textarea[data-testid=restore-note]').fill('更换控制器 controller swapped');
    await dialog(engineer.page, 'restore').locator('[data-testid=dialog-submit]').click();
    await drawer.locator('[data-field=state] td', { hasText: '已恢复' }).waitFor();

    await drawer.locator('[data-action=close]').click();
    const closing = dialog(engineer.page, 'close');
    await closing.locator('textarea[data-testid=close-resolution]').fill('控制器故障，已更换 the wall controller failed and was replaced');
    await closing.locator('[data-testid=close-repaired]').click();
    await closing.locator('input[data-testid=close-signer-name]').fill('王主任');
    await closing.locator('input[data-testid=close-signer-title]').fill('监控中心主任');
    // without a signature the form says so and sends nothing
    await closing.locator('[data-testid=dialog-submit]').click();
    await closing.locator('.el-form-item__error', { hasText: '客户' }).waitFor();
    const pad = (await closing.locator('[data-testid=signature-pad]').boundingBox())!;
    await engineer.page.mouse.move(pad.x + 30, pad.y + pad.height / 2);
    await engineer.page.mouse.down();
    for (let i = 1; i <= 12; i += 1) await engineer.page.mouse.move(pad.x + 30 + i * 25, pad.y + pad.height / 2 + (i % 2 ? -30 : 30));
    await engineer.page.mouse.up();
    await screenshot(engineer.page, 'operator-close-signature');
    await closing.locator('[data-testid=dialog-submit]').click();
    await drawer.locator('[data-field=state] td', { hasText: '已关闭' }).waitFor();
    const closed = await fault(reported.id);
    expect(closed).toMatchObject({ state: 'closed', resolution: '控制器故障，已更换 the wall controller failed and was replaced' });
    expect(closed.repairedAt).not.toBeNull();
    const signoff = closed.history.find((h: { type: string }) => h.type === 'close').detail.signoff;
    expect(signoff).toMatchObject({ signerName: '王主任', signerTitle: '监控中心主任', signature: expect.stringMatching(/^data:image\/png;base64,/) });
    expect(engineer.violations).toEqual([]);
    await engineer.page.close();
  }, 240_000);

  it('should report a phone fault from the page and show its description in the drawer', async () => {
    const { page, violations } = await open(op);
    await page.locator('[data-testid=report-fault]').click();
    const form = dialog(page, 'report');
    await form.locator('[data-testid=report-site]').click();
    await page.keyboard.type('青岛局监控分中心');
    await page.locator('.el-select-dropdown__item:visible', { hasText: '青岛局监控分中心 测试' }).click();
    await form.locator('[data-testid=report-kind]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '图像质量差' }).click();
    await form.locator('textarea[data-testid=report-description]').fill('3号摄像机画面发白 camera 3 washed out');
    await form.locator('input[data-testid=report-reporter]').fill('孙七 13900000000');
    await screenshot(page, 'operator-report');
    await form.locator('[data-testid=dialog-submit]').click();
    const panel = page.locator('[data-testid=fault-panel]');
    await panel.locator('[data-field=description] td', { hasText: '3号摄像机画面发白 camera 3 washed out' }).waitFor({ timeout: LONG });
    expect(await panel.locator('[data-field=reporter] td').textContent()).toBe('孙七 13900000000 · 电话');
    const id = await panel.locator('[data-fault-detail]').getAttribute('data-fault-detail');
    expect(await fault(id!)).toMatchObject({ siteId: site.id, kind: 'image-quality', source: 'report', channel: 'phone', description: '3号摄像机画面发白 camera 3 washed out' });
    await screenshot(page, 'operator-drawer');
    expect(violations).toEqual([]);
    await page.close();
  }, 180_000);

  it('should acknowledge three faults at once with one plan', async () => {
    const three = [await report('no-picture', '一号门无图像'), await report('other', '二号门支架松动'), await report('tamper', '三号门被遮挡', 2)];
    const { page, violations } = await open(op);
    for (const f of three) await row(page, f.id).locator('[data-action=select]').click({ timeout: LONG });
    const bulk = page.locator('[data-action=bulk-acknowledge]');
    await bulk.filter({ hasText: '3' }).waitFor();
    await bulk.click();
    const form = dialog(page, 'acknowledge');
    await form.locator('textarea[data-testid=ack-plan]').fill('统一派人巡查 one visit for all three');
    await form.locator('[data-testid=dialog-submit]').click();
    await page.locator('[data-testid=bulk-bar]').waitFor({ state: 'detached' });
    for (const f of three) expect(await fault(f.id)).toMatchObject({ state: 'acknowledged', plan: '统一派人巡查 one visit for all three' });
    await page.mouse.move(5, 5);
    for (const f of three) await row(page, f.id).locator('[data-testid=fault-state]', { hasText: '已确认' }).waitFor();
    expect(violations).toEqual([]);
    await page.close();
  }, 180_000);

  it('should show a site gone dark as one row (an incident) with its devices listed in the drawer', async () => {
    const dark = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ name: '李村派出所监控室' }))
        .expect(201)
    ).body;
    const cams: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      cams.push(
        (
          await platform.http
            .post('/api/devices')
            .set(admin)
            .send({ id: uniqueId('CAM'), type: 'camera', siteId: dark.id, heartbeatIntervalSec: 1 })
            .expect(201)
        ).body.id,
      );
    }
    const { page, violations } = await open(op);
    await page.mouse.move(5, 5);
    await Promise.all(cams.map((id) => device.heartbeat(id)));
    // the cameras fall silent together: one fault for the site, counting them, never eight rows
    const incident = page.locator('.el-table-v2__row', { has: page.locator('[data-testid=affected]', { hasText: '影响 8 台' }) });
    await incident.waitFor({ timeout: 60_000 });
    expect(await page.locator('.el-table-v2__row', { hasText: '李村派出所监控室' }).count()).toBe(1);
    for (const cam of cams) expect(await page.locator(`.el-table-v2__row[data-device="${cam}"]`).count()).toBe(0);
    await screenshot(page, 'operator-console');
    await incident.click();
    const affected = page.locator('[data-testid=fault-panel] [data-testid=fault-affected]');
    await affected.waitFor();
    for (const cam of cams) expect(await affected.textContent()).toContain(cam);
    await screenshot(page, 'operator-incident');
    expect(violations).toEqual([]);
    await page.close();
  }, 180_000);
});
