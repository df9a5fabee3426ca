import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { DEMO_SLA_POLICY } from '@vigil/domain';
import { cspViolations, describeInBrowser, drawSignature, launchBrowser, screenshot, signIn } from '../support/browser';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeDevice, makeSite, uniqueId } from '../support/factories';
import { startMailbox, type ReceivedMail } from '../support/receivers';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };

/** A mail's text body as a person reads it: the transfer encoding (quoted-printable or base64) undone. */
function mailBody(mail: ReceivedMail): string {
  const [head, ...rest] = mail.raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(head)) return body;
  return Buffer.from(
    body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

describeInBrowser('web-desk: the service desk and the customer signing page in headless Chromium', () => {
  const target = databaseTargets()[0];
  let db: TestDatabase;
  let platform: TestPlatform;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let browser: Browser;
  let admin: { Authorization: string };
  let sup: { Authorization: string };
  let eng: { Authorization: string };
  let engId: string;
  let engName: string;
  let operator: string;
  let customer: { id: string; name: string };
  let site: { id: string };
  let contractId: string;
  const contactEmail = `${uniqueId('wang').toLowerCase()}@bank.example`;

  beforeAll(async () => {
    db = await target.create();
    mailbox = await startMailbox();
    platform = await startTestPlatform(db, {
      mqttUrl: null,
      env: { SMTP_URL: mailbox.url, VIGIL_PUBLIC_URL: 'https://vigil.example', MQTT_CLIENT_ID: `wd-${randomBytes(4).toString('hex')}` },
    });
    browser = await launchBrowser();
    admin = { Authorization: `Bearer ${await platform.login()}` };
    const user = async (role: string, displayName?: string) => {
      const username = uniqueId(role).toLowerCase();
      const id = (await platform.http.post('/api/users').set(admin).send({ username, password: 'password-123', role, displayName }).expect(201)).body.id as string;
      return { id, username, auth: { Authorization: `Bearer ${await platform.login(username, 'password-123')}` } };
    };
    sup = (await user('supervisor')).auth;
    ({ id: engId, username: engName, auth: eng } = await user('engineer', '李工'));
    operator = (await user('operator')).username;
    customer = (
      await platform.http
        .post('/api/customers')
        .set(admin)
        .send({ name: uniqueId('青岛银行'), contact: '0532-1234567', contactName: '王经理', contactEmail })
        .expect(201)
    ).body;
    const contract = (
      await platform.http
        .post('/api/contracts')
        .set(admin)
        .send({ customerId: customer.id, name: uniqueId('维保合同'), startsOn: '2026-01-01', endsOn: '2027-12-31', timeZone: 'Asia/Shanghai', slaPolicy: DEMO_SLA_POLICY })
        .expect(201)
    ).body;
    contractId = contract.id;
    site = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ name: '市南支行监控室', customerId: customer.id, contractId: contract.id }))
        .expect(201)
    ).body;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await mailbox?.close();
    await db?.drop();
  });

  it('should let a desk user register a complaint and find it in the register with its due counting down', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const violations = await cspViolations(page);
    await signIn(page, platform.baseUrl, operator, { path: '/#/desk?tab=feedback' });
    await page.locator('[data-testid=feedback-tab]').waitFor();
    await page.locator('[data-action=new-feedback]').click();
    const form = page.locator('[data-testid=feedback-form]');
    await form.locator('[data-testid=feedback-customer]').click();
    await page.locator(`.el-select-dropdown__item[data-customer="${customer.id}"]`).click();
    await form.locator('input[name=reporterName]').fill('王经理');
    await form.locator('textarea[name=text]').fill('三号摄像机画面模糊已一周，无人处理');
    await form.locator('[data-action=save-feedback]').click();

    const row = page.locator('.el-table__row', { hasText: '三号摄像机画面模糊已一周' });
    await row.waitFor();
    expect(await row.textContent()).toContain('投诉');
    expect(await row.textContent()).toContain(customer.name);
    expect(await row.textContent()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d \(Asia\/Shanghai\)/);
    // a level-2 complaint is due 24 h after it came in: the countdown shows what is left, not late
    expect(await row.locator('[data-overdue=false]').textContent()).toMatch(/^(0d )?2[34]:\d\d:\d\d$|^1d 0:00:\d\d$|^23:\d\d:\d\d$/);
    const listed = (await platform.http.get('/api/feedback').query({ customerId: customer.id }).set(sup).expect(200)).body.items;
    expect(listed).toEqual([expect.objectContaining({ kind: 'complaint', channel: 'phone', level: 2, reporterName: '王经理', state: 'open' })]);

    await row.click();
    await page.locator('[data-testid=feedback-detail]').waitFor();
    await screenshot(page, 'desk-feedback');
    expect(violations).toEqual([]);
    await page.close();
  });

  it('should send the draft record of a fault closed after a visit by link and have it signed on a phone', async () => {
    const device = (await platform.http.post('/api/devices').set(admin).send(makeDevice(site.id)).expect(201)).body;
    const fault = (
      await platform.http
        .post('/api/faults')
        .set(sup)
        .send({ siteId: site.id, deviceId: device.id, kind: 'no-picture', description: '画面黑屏', reporter: '保安', channel: 'phone' })
        .expect(201)
    ).body;
    await platform.http.post(`/api/faults/${fault.id}/acknowledge`).set(sup).send({ plan: '派工程师' }).expect(200);
    await platform.http.post(`/api/faults/${fault.id}/dispatch`).set(sup).send({ assigneeId: engId }).expect(200);
    await platform.http.post(`/api/faults/${fault.id}/arrive`).set(eng).expect(200);
    await platform.http.post(`/api/faults/${fault.id}/close`).set(eng).send({ resolution: '更换电源适配器，图像恢复', repaired: true }).expect(200);
    const [record] = (await platform.http.get(`/api/service-records?jobId=${fault.id}`).set(sup).expect(200)).body.items;
    expect(record.state).toBe('draft');

    // the engineer completes the draft on the phone, from the closed fault (online)
    const engContext = await browser.newContext(PHONE);
    const engPhone = await engContext.newPage();
    const engViolations = await cspViolations(engPhone);
    await signIn(engPhone, platform.baseUrl, engName, { path: `/#/field/faults/${fault.id}` });
    await engPhone.locator('[data-testid=open-service-record][data-state=draft]').click();
    await engPhone.locator('[data-testid=service-record][data-state=draft]').waitFor();
    await engPhone.locator('[data-action=edit]').click();
    await engPhone.locator('textarea[name=partsUsed]').fill('电源适配器 12V 2A ×1');
    await engPhone.locator('[data-action=save-edit]').click();
    await waitFor(async () => (await platform.http.get(`/api/service-records/${record.id}`).set(sup).expect(200)).body.partsUsed === '电源适配器 12V 2A ×1' || undefined, 10_000);
    expect(engViolations).toEqual([]);
    await engContext.close();

    // the supervisor sends the link from the desk
    const desk = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const deskViolations = await cspViolations(desk);
    const supervisor = uniqueId('sup2').toLowerCase();
    await platform.http.post('/api/users').set(admin).send({ username: supervisor, password: 'password-123', role: 'supervisor' }).expect(201);
    await signIn(desk, platform.baseUrl, supervisor, { path: '/#/desk' });
    const listRow = desk.locator('.el-table__row', { has: desk.locator(`[data-record="${record.id}"]`) });
    await listRow.waitFor();
    expect(await listRow.textContent()).toContain('草稿');
    await screenshot(desk, 'desk-records');
    await listRow.click();
    await desk.locator('[data-testid=service-record][data-state=draft]').waitFor();
    await desk.locator('[data-action=send-link]').click();
    await desk.locator('[data-testid=link-channel] [data-channel=mail]').click();
    await desk.locator('[data-action=confirm-send-link]').click();
    await desk.locator('[data-testid=service-record][data-state=awaiting-signature]').waitFor();

    const mail = await waitFor(async () => mailbox.mails.find((m) => m.to.includes(contactEmail)), 15_000);
    const token = /#\/sign\/([A-Za-z0-9_-]+)/.exec(mailBody(mail))?.[1];
    expect(token).toBeDefined();

    // the customer opens it on a phone, without a login
    const context = await browser.newContext(PHONE);
    const phone = await context.newPage();
    const phoneViolations = await cspViolations(phone);
    await phone.goto(`${platform.baseUrl}/#/sign/${token}`);
    await phone.locator('[data-testid=sign-page][data-state=record]').waitFor();
    expect(await phone.locator('[data-testid=sign-work-done]').textContent()).toBe('更换电源适配器，图像恢复');
    expect(await phone.locator('[data-testid=sign-on-site]').textContent()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d \(Asia\/Shanghai\)/);
    expect(await phone.locator('[data-testid=sign-record]').textContent()).toContain(customer.name);
    expect(await phone.locator('[data-testid=sign-record]').textContent()).toContain('电源适配器 12V 2A ×1');
    // nothing wider than the phone
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await phone.locator('input[name=signerName]').fill('王经理');
    await phone.locator('input[name=signerTitle]').fill('保卫科科长');
    await drawSignature(phone);
    await screenshot(phone, 'sign-link-phone', { fullPage: true });
    await phone.locator('[data-testid=sign-submit]').click();
    await phone.locator('[data-testid=sign-done]').waitFor();

    // used: opening it again says so
    await phone.reload();
    await phone.locator('[data-testid=link-problem][data-problem=used]').waitFor();
    await phone.goto(`${platform.baseUrl}/#/sign/${'x'.repeat(43)}`);
    await phone.reload();
    await phone.locator('[data-testid=link-problem][data-problem=unknown]').waitFor();

    // the desk sees it signed through the customer's link
    await desk.reload();
    await desk.locator('[data-testid=service-record][data-state=signed]').waitFor();
    expect(await desk.locator('[data-testid=signing-channel]').getAttribute('data-channel')).toBe('customer-link');
    const signed = (await platform.http.get(`/api/service-records/${record.id}`).set(sup).expect(200)).body;
    expect(signed).toMatchObject({ state: 'signed', signoff: { signerName: '王经理', signerTitle: '保卫科科长', channel: 'customer-link', linkChannel: 'mail' } });

    // the contract's maintenance archive has the fault on its timeline (service records have no archive source yet)
    await desk.goto(`${platform.baseUrl}/#/archive`);
    await desk.locator('[data-testid=archive-contract]').click();
    await desk.locator(`.el-select-dropdown__item[data-contract="${contractId}"]`).click();
    const timeline = desk.locator('[data-testid=archive-timeline]');
    await timeline.locator('.el-table__row', { hasText: '故障' }).first().waitFor();
    expect(await timeline.textContent()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d \(Asia\/Shanghai\)/);
    await screenshot(desk, 'archive-timeline');
    expect([...deskViolations, ...phoneViolations]).toEqual([]);
    await context.close();
    await desk.close();
  });
  it('should let the customer answer a satisfaction survey sent by link, 0–10 per question, on a phone', async () => {
    const survey = (await platform.http.post('/api/surveys').set(sup).send({ siteId: site.id, period: '2026-H2' }).expect(201)).body;
    await platform.http.post(`/api/surveys/${survey.id}/send`).set(sup).send({ channel: 'mail' }).expect(200);
    const mail = await waitFor(async () => mailbox.mails.find((m) => m.to.includes(contactEmail) && mailBody(m).includes('#/survey/')), 15_000);
    const token = /#\/survey\/([A-Za-z0-9_-]+)/.exec(mailBody(mail))?.[1];
    expect(token).toBeDefined();

    const context = await browser.newContext(PHONE);
    const phone = await context.newPage();
    const violations = await cspViolations(phone);
    await phone.goto(`${platform.baseUrl}/#/survey/${token}`);
    await phone.locator('[data-testid=sign-page][data-state=survey]').waitFor();
    const questions = survey.questions as { key: string }[];
    expect(await phone.locator('fieldset[data-question]').count()).toBe(questions.length);
    for (const [i, q] of questions.entries()) await phone.locator(`fieldset[data-question="${q.key}"] [data-score="${i === 0 ? 7 : 9}"]`).click();
    await phone.locator('textarea[name=comment]').fill('响应及时');
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await phone.locator('[data-testid=survey-submit]').click();
    await phone.locator('[data-testid=sign-done]').waitFor();

    const answered = (await platform.http.get(`/api/surveys/${survey.id}`).set(sup).expect(200)).body;
    expect(answered).toMatchObject({ state: 'answered', channel: 'link', comment: '响应及时' });
    expect(answered.answers).toEqual(questions.map((q, i) => ({ key: q.key, score: i === 0 ? 7 : 9 })));
    expect(violations).toEqual([]);
    await context.close();

    // the half-yearly analysis of the contract counts the survey and the complaint of the first test
    const desk = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const deskViolations = await cspViolations(desk);
    await signIn(desk, platform.baseUrl, operator, { path: '/#/archive' });
    await desk.locator('#tab-analysis').click();
    await desk.locator('[data-testid=analysis-contract]').click();
    await desk.locator(`.el-select-dropdown__item[data-contract="${contractId}"]`).click();
    const firstQuestion = desk.locator('[data-testid=analysis-questions] .el-table__row').first();
    await firstQuestion.waitFor();
    expect(await desk.locator('[data-testid=analysis-questions] .el-table__row').count()).toBe(questions.length);
    expect(await firstQuestion.textContent()).toContain('7');
    expect(await desk.locator('[data-testid=analysis-period]').textContent()).toMatch(/\d{4}H[12].*\(Asia\/Shanghai\)/);
    await screenshot(desk, 'archive-analysis', { fullPage: true });
    expect(deskViolations).toEqual([]);
    await desk.close();
  });
});
