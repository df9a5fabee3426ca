import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { PatrolGenerator, SiteVideoProfilesService, VideoEvidenceRecorder } from '@vigil/application';
import { cspViolations, describeInBrowser, drawSignature, fontsDrawing, launchBrowser, screenshot, signIn } from '../support/browser';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
const HEALTHY_DVR = { type: 'dvr', health: { disks: [{ id: '1', state: 'ok' }], channels: [{ ch: 1, recording: true, videoLoss: false }] } };

interface AuditEntry {
  action: string;
  after: { lineKey?: string; state?: string } | null;
}

describeInBrowser('web-field: the engineer on a phone (390×844) in headless Chromium', () => {
  const target = databaseTargets()[0];
  let db: TestDatabase;
  let platform: TestPlatform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let violations: string[];
  let admin: { Authorization: string };
  let sup: { Authorization: string };
  let engineer: string;
  let engineerId: string;
  let siteId: string;
  let patrolId: string;
  let faultId: string;
  const dvr = uniqueId('DVR');
  const sw = uniqueId('SW');

  const patrolOf = async () => (await platform.http.get(`/api/patrols/${patrolId}`).set(admin).expect(200)).body;
  const auditOf = async (entity: string, id: string): Promise<AuditEntry[]> =>
    (await platform.http.get('/api/audit').query({ entity, entityId: id, limit: 500 }).set(admin).expect(200)).body.items;
  const line = (key: string) => page.locator(`article[data-line="${key}"]`);

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { env: { VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `wf-${randomBytes(4).toString('hex')}` } });
    browser = await launchBrowser();
    admin = { Authorization: `Bearer ${await platform.login()}` };
    const supervisor = uniqueId('sup');
    await platform.http.post('/api/users').set(admin).send({ username: supervisor, password: 'password-123', role: 'supervisor' }).expect(201);
    sup = { Authorization: `Bearer ${await platform.login(supervisor, 'password-123')}` };
    engineer = uniqueId('eng');
    engineerId = (await platform.http.post('/api/users').set(admin).send({ username: engineer, password: 'password-123', role: 'engineer' }).expect(201)).body.id;

    siteId = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ name: '机场办事处监控室 测试' }))
        .expect(201)
    ).body.id;
    await platform.http.post('/api/devices').set(admin).send({ id: dvr, type: 'dvr', siteId, name: '1号录像机', heartbeatIntervalSec: 30 }).expect(201);
    await platform.http.post('/api/devices').set(admin).send({ id: sw, type: 'switch', siteId, name: '机柜交换机', heartbeatIntervalSec: 30 }).expect(201);
    for (const kind of ['monthly', 'weekly-power-on'])
      await platform.http
        .post('/api/patrol-plans')
        .set(admin)
        .send({ kind, siteIds: [siteId], startsOn: new Date().toISOString().slice(0, 10) })
        .expect(201);
    await platform.app.get(PatrolGenerator).generate();
    const patrols = (await platform.http.get(`/api/patrols?siteId=${siteId}`).set(admin).expect(200)).body.items as { id: string; kind: string }[];
    patrolId = patrols.find((p) => p.kind === 'monthly')!.id;
    // the week's patrol stays on the engineer's list for the home screen
    for (const p of patrols) await platform.http.post(`/api/patrols/${p.id}/assign`).set(sup).send({ assigneeId: engineerId }).expect(200);

    faultId = (
      await platform.http
        .post('/api/faults')
        .set(sup)
        .send({ siteId, deviceId: dvr, kind: 'no-picture', level: 2, description: '大厅监视器无图像', reporter: '值班室 王', channel: 'phone' })
        .expect(201)
    ).body.id;
    await platform.http.post(`/api/faults/${faultId}/dispatch`).set(sup).send({ assigneeId: engineerId }).expect(200);

    context = await browser.newContext(PHONE);
    page = await context.newPage();
    violations = await cspViolations(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await platform?.close();
    await db?.drop();
  });

  it('should bring a patrol link opened without a session back to that patrol after sign-in, titled with the site', async () => {
    await page.goto(`${platform.baseUrl}/#/patrols/${patrolId}`);
    await page.waitForSelector('[data-testid=login]');
    expect(decodeURIComponent(page.url())).toContain(`next=/patrols/${patrolId}`);
    await screenshot(page, 'field-sign-in');
    await signIn(page, platform.baseUrl, engineer, { path: `/#/patrols/${patrolId}` });
    await page.locator('[data-testid=patrol-title]').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/patrols/${patrolId}`);
    expect(await page.locator('[data-testid=patrol-title]').textContent()).toContain('机场办事处监控室 测试');
    expect(await page.locator('[data-testid=patrol-title]').textContent()).toContain('月度巡检');
    expect(await page.title()).toContain('机场办事处监控室 测试');
  }, 120_000);

  it('should show units, limits and live evidence that refreshes, with touch targets of at least 44 px', async () => {
    const recording = line(`dvr-recording@${dvr}`);
    await recording.locator('[data-testid=evidence].unknown').waitFor();
    expect(await line(`switch-temp@${sw}`).locator('[data-testid=limits]').textContent()).toMatch(/60\s*°C/);
    expect(await line(`retention-days@${dvr}`).locator('[data-testid=limits]').textContent()).toMatch(/30\s*d/);
    expect(await line(`dvr-recording@${dvr}`).textContent()).toContain('1号录像机');

    // the recorder is heard from: the page shows it without being reloaded
    const fleet = await DeviceFleet.connect(platform);
    try {
      await fleet.heartbeat(dvr, HEALTHY_DVR);
      await fleet.heartbeat(sw, { type: 'switch' });
    } finally {
      await fleet.close();
    }
    await recording.locator('[data-testid=evidence].ok').waitFor({ timeout: 45_000 });
    expect(await recording.locator('[data-testid=evidence]').textContent()).toContain('录像状态: 正常');

    // [14] the recorder's evidence says it keeps 45 days: the retention line shows it beside the limits, as evidence
    const zone = (await platform.http.get(`/api/sites/${siteId}`).set(admin).expect(200)).body.timeZone as string;
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: zone });
    const oldestRecording = new Date(Date.parse(`${today}T00:00:00Z`) - 45 * 86_400_000).toISOString().slice(0, 10);
    await platform.app.get(SiteVideoProfilesService).refresh();
    const recorder = platform.app.get(VideoEvidenceRecorder);
    recorder.observe({ deviceId: dvr, siteId, at: new Date(), channels: [{ ch: 1, recording: true, recordedSec: 0, oldestRecording }] });
    await recorder.flush();
    const retention = line(`retention-days@${dvr}`);
    await retention.locator('[data-testid=video-evidence].ok').waitFor({ timeout: 45_000 });
    expect(await retention.locator('[data-testid=video-evidence]').textContent()).toContain('录像保存 45 天，要求 30 天');
    expect(await retention.locator('[data-testid=video-evidence-fill]').count()).toBe(0);

    await page.locator('[data-testid=start]').click();
    await page.locator('[data-testid=PatrolPage][data-state=in-progress]').waitFor();
    await waitFor(async () => (await patrolOf()).state === 'in-progress');

    // what a finger taps: at least 44 px tall (the tests' TypeScript has no DOM types: the check runs as text in the page)
    const small =
      await page.evaluate(`[...document.querySelectorAll('[data-testid=PatrolPage] button, [data-testid=PatrolPage] input:not([type=file]), [data-testid=PatrolPage] textarea')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ what: el.outerHTML.slice(0, 80), height: el.getBoundingClientRect().height }))
      .filter((x) => x.height < 44)`);
    expect(small).toEqual([]);
    // nothing wider than the phone
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'field-patrol');
    // one tap puts the evidence's days in the line; the engineer's tap records it, never the evidence alone
    expect((await patrolOf()).results.some((r: { lineKey: string }) => r.lineKey === `retention-days@${dvr}`)).toBe(false);
    await retention.locator('[data-testid=video-evidence-fill]').click();
    await waitFor(async () => (await patrolOf()).results.find((r: { lineKey: string }) => r.lineKey === `retention-days@${dvr}`)?.value === 45);
  }, 120_000);

  it('should keep a value typed into a line when another line is tapped, and keep a write that could not be sent across a reload', async () => {
    // typed, not saved: tapping another line's button must not lose it
    await line(`switch-temp@${sw}`).locator('[data-testid=line-value]').fill('45');
    await line('network-running').locator('button[data-outcome=pass]').click();
    await expect(line(`switch-temp@${sw}`).locator('[data-testid=line-value]').inputValue()).resolves.toBe('45');
    await waitFor(async () => (await patrolOf()).results.find((r: { lineKey: string }) => r.lineKey === `switch-temp@${sw}`)?.value === 45);

    // the server cannot be reached for line writes: the write waits, the page is reloaded, it is still there
    const keys: string[] = [];
    const refuse = (route: import('playwright-core').Route, request: Request) => {
      if (request.method() !== 'PUT') return route.continue();
      keys.push(request.headers()['idempotency-key']);
      return route.abort('internetdisconnected');
    };
    await page.route('**/api/patrols/*/lines/**', refuse);
    await line('dusting').locator('button[data-outcome=pass]').click();
    await line('dusting').locator('[data-testid=line-pending]').waitFor();
    await waitFor(async () => keys.length >= 1);
    await page.reload();
    await line('dusting').locator('[data-testid=line-pending]').waitFor();
    expect(await line('dusting').getAttribute('data-outcome')).toBe('pass');
    await waitFor(async () => keys.length >= 2, 20_000);
    await page.unroute('**/api/patrols/*/lines/**', refuse);
    await page.locator('[data-testid=sync-now]').click();
    await page.locator('[data-testid=sync-bar][data-state=synced]').waitFor();
    // every attempt carried the key the write was given once
    expect(new Set(keys).size).toBe(1);
    expect((await auditOf('patrol', patrolId)).filter((e) => e.after?.lineKey === 'dusting')).toHaveLength(1);
  }, 120_000);

  it('should record the rest and a photo without network, submit, and sync each write exactly once when the network is back', async () => {
    const photo = await page.screenshot();
    await context.setOffline(true);
    await page.locator('[data-testid=offline-badge]').waitFor();
    const detail = await patrolOf();
    const done = new Set((detail.results as { lineKey: string }[]).map((r) => r.lineKey));
    const required = (detail.lines as { lineKey: string; item: { type: string; required: boolean } }[]).filter((l) => l.item.required && !done.has(l.lineKey));
    for (const l of required) {
      if (l.item.type === 'number') {
        await line(l.lineKey).locator('[data-testid=line-value]').fill('45');
        await line(l.lineKey).locator('[data-testid=line-value]').press('Enter');
      } else {
        await line(l.lineKey).locator('button[data-outcome=pass]').click();
      }
      await line(l.lineKey).locator('[data-testid=line-pending]').waitFor();
    }
    await line('remarks').locator('[data-testid=line-value]').fill('机柜门锁已更换');
    await line('photo-room').locator('[data-testid=photo-input]').setInputFiles({ name: 'room.png', mimeType: 'image/png', buffer: photo });
    await line('photo-room').locator('[data-testid=photos-waiting]').waitFor();
    await line('photo-room').locator('img[data-photo=waiting]').waitFor();
    // the remarks were typed and never blurred: submitting commits them first
    await page.locator('[data-testid=submit]').click();
    await page.locator('[data-testid=PatrolPage][data-state=submitted]').waitFor();
    const waiting = Number(await page.locator('[data-testid=sync-bar]').getAttribute('data-waiting'));
    // each required line, the remarks, the photo and the submit
    expect(waiting).toBe(required.length + 3);
    await screenshot(page, 'field-offline', { fullPage: true });
    expect((await patrolOf()).state).toBe('in-progress');

    // the submit's answer is lost once on the way back: the server did it, the phone sends it again with the same key
    const submitKeys: string[] = [];
    await page.route('**/api/patrols/*/submit', async (route, request) => {
      submitKeys.push(request.headers()['idempotency-key']);
      if (submitKeys.length > 1) return route.continue();
      await route.fetch();
      return route.abort('connectionreset');
    });
    await context.setOffline(false);
    await page.locator('[data-testid=sync-bar][data-state=synced]').waitFor({ timeout: 60_000 });
    expect(submitKeys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(submitKeys).size).toBe(1);

    const after = await patrolOf();
    expect(after.state).toBe('submitted');
    expect(after.photos).toHaveLength(1);
    expect(after.results.find((r: { lineKey: string }) => r.lineKey === 'remarks')).toMatchObject({ value: '机柜门锁已更换' });
    // the trail has each write once: one entry per line, one photo, one submit
    const updates = (await auditOf('patrol', patrolId)).filter((e) => e.action === 'update');
    const perLine = new Map<string, number>();
    for (const e of updates) if (e.after?.lineKey) perLine.set(e.after.lineKey, (perLine.get(e.after.lineKey) ?? 0) + 1);
    expect([...perLine.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect([...perLine.keys()].sort()).toEqual([...new Set([...done, ...required.map((l) => l.lineKey), 'remarks', 'photo-room'])].sort());
    expect(updates.filter((e) => e.after?.state === 'submitted')).toHaveLength(1);
  }, 180_000);

  it("should take the customer's signature drawn on the pad and keep it as a PNG", async () => {
    const form = page.locator('[data-testid=signoff]');
    await form.waitFor();
    await form.locator('input[name=signerName]').fill('王五');
    await form.locator('input[name=signerTitle]').fill('监控室主任');
    await drawSignature(page);
    await screenshot(page, 'field-signoff');
    await form.locator('[data-testid=sign]').click();
    await page.locator('[data-testid=signed]').waitFor({ timeout: 30_000 });
    const signed = await patrolOf();
    expect(signed).toMatchObject({ state: 'signed', signoff: { signerName: '王五', signerTitle: '监控室主任' } });
    // a real drawing, not an empty canvas: a PNG with ink on it is far larger than a blank one
    expect(signed.signoff.signature).toMatch(/^data:image\/png;base64,/);
    expect(signed.signoff.signature.length).toBeGreaterThan(2000);
    // the signed page shows the signature from its data: URL
    await page.waitForFunction(`document.querySelector('[data-testid=signed-signature]').naturalWidth > 0`);
    await screenshot(page, 'field-signed', { fullPage: true });
  }, 120_000);

  it("should list my faults, and arrive, restore and close one with the customer's signature, the last two without network", async () => {
    await page.goto(`${platform.baseUrl}/#/field`);
    const week = page.locator('[data-testid=my-patrols] [data-patrol]');
    await week.first().waitFor();
    expect(await week.count()).toBe(1);
    expect(await week.first().textContent()).toContain('每周开机巡检');
    expect(await week.first().textContent()).toContain('机场办事处监控室 测试');
    await screenshot(page, 'field-home');
    await page.locator('[data-tab=faults]').click();
    const card = page.locator(`[data-fault="${faultId}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain('无图像');
    expect(await card.textContent()).toContain('机场办事处监控室 测试');
    expect(await card.textContent()).toContain('1号录像机');
    await screenshot(page, 'field-faults');
    await card.click();
    await page.locator('[data-testid=arrive]').click();
    await page.locator('[data-testid=FieldFaultPage][data-state=on-site]').waitFor();
    await page.locator('[data-testid=sync-bar][data-state=synced]').waitFor();

    await context.setOffline(true);
    await page.locator('[data-testid=restore-form] textarea').fill('更换视频线后图像恢复');
    await page.locator('[data-testid=restore]').click();
    await page.locator('[data-testid=FieldFaultPage][data-state=restored]').waitFor();
    await page.locator('[data-testid=close-form] textarea[name=resolution]').fill('视频线老化，已更换');
    await page.locator('[data-testid=close-form] input[name=repaired]').check();
    await page.locator('[data-testid=close-form] input[name=signerName]').fill('赵六');
    await page.locator('[data-testid=close-form] input[name=signerTitle]').fill('值班长');
    await drawSignature(page);
    await screenshot(page, 'field-fault', { fullPage: true });
    await page.locator('[data-testid=close]').click();
    await page.locator('[data-testid=FieldFaultPage][data-state=closed]').waitFor();
    await context.setOffline(false);
    await page.locator('[data-testid=sync-bar][data-state=synced]').waitFor({ timeout: 60_000 });

    const fault = (await platform.http.get(`/api/faults/${faultId}`).set(admin).expect(200)).body;
    expect(fault).toMatchObject({ state: 'closed', resolution: '视频线老化，已更换' });
    expect(fault.repairedAt).not.toBeNull();
    const types = (fault.history as { type: string; detail: { signoff?: { signerName: string; signature: string } } | null }[]).map((h) => h.type);
    expect(types.filter((t) => t === 'arrive' || t === 'restore' || t === 'close')).toEqual(['arrive', 'restore', 'close']);
    const close = fault.history.find((h: { type: string }) => h.type === 'close');
    expect(close.detail.signoff.signerName).toBe('赵六');
    expect(close.detail.signoff.signature.length).toBeGreaterThan(2000);
    expect(violations).toEqual([]);
  }, 180_000);

  it('should open my patrol again after a reload without any network, from what the phone kept', async () => {
    await page.goto(`${platform.baseUrl}/#/patrols/${patrolId}`);
    await page.locator('[data-testid=signed]').waitFor();
    await page.waitForFunction('navigator.serviceWorker.controller !== null');
    // the worker keeps the CJK face once the page asked for it: 8 MB, still arriving on a loaded machine
    const fontKept =
      "caches.keys().then((ks) => Promise.all(ks.map((k) => caches.open(k).then((c) => c.match('/fonts/SourceHanSansCN-Regular.otf'))))).then((hits) => hits.some(Boolean))";
    for (let i = 0; i < 240 && !(await page.evaluate(fontKept)); i += 1) await new Promise((resolve) => setTimeout(resolve, 250));
    const fromWorker: string[] = [];
    const fromPage: string[] = [];
    await context.route('**/*', (route, request) => {
      (request.serviceWorker() ? fromWorker : fromPage).push(new URL(request.url()).pathname);
      return route.abort('internetdisconnected');
    });
    await context.setOffline(true);
    try {
      await page.reload();
      // the page, its scripts and who is signed in come from the service worker; the patrol from the phone's copy
      await page.locator('[data-testid=patrol-title]').waitFor();
      await page.locator('[data-testid=offline-copy]').waitFor();
      expect(await page.locator('[data-testid=patrol-title]').textContent()).toContain('机场办事处监控室 测试');
      await page.locator('[data-testid=signed]').waitFor();
      // the network was asked and refused: what shows was kept, not fetched
      expect(fromWorker).toEqual(expect.arrayContaining(['/', '/api/auth/me']));
      expect(fromPage).toContain(`/api/patrols/${patrolId}`);
      // Chinese still drawn with a Chinese face, not boxes: the CJK fallback face was kept too
      await page.evaluate('document.fonts.ready.then(() => true)');
      expect(await fontsDrawing(page, '[data-testid=patrol-title]')).toEqual(expect.arrayContaining([expect.stringMatching(/Han Sans|CJK|YaHei|PingFang|WenQuanYi/)]));
      await screenshot(page, 'field-offline-reload');
    } finally {
      await context.unrouteAll();
      await context.setOffline(false);
    }
    expect(violations).toEqual([]);
  }, 120_000);
});
