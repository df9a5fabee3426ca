import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { chromium } from 'playwright-core';
import { PatrolGenerator } from '@vigil/application';
import { DEMO_SLA_POLICY } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { createUser, makeSite, uniqueId, type TestUser } from '../support/factories';
import { binary, pdfTexts } from '../support/pdf';
import { startMailbox, startWebhookReceiver, type ReceivedMail } from '../support/receivers';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) process.stderr.write(`local-time browser check skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does)\n`);
// the address users reach the dashboard at; the browser resolves it to the test platform
const PUBLIC_HOST = 'vigil.example';

const csvRows = (text: string): string[][] => parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, comment: '#', comment_no_infix: true });
/** An instant as a clock on the wall in that zone shows it, worked out apart from the platform's formatter. */
const wallClock = (iso: string, zone: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: zone, hour12: false }).slice(0, 16);

/** A mail's text body as a person reads it: the transfer encoding (quoted-printable or base64) undone. */
function mailBody(mail: ReceivedMail): string {
  const [head, ...rest] = mail.raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(head)) return body;
  const bytes: number[] = [];
  const text = body.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A mail's subject with its header folding undone (ASCII subjects, as the alerts' are here). */
const mailSubject = (mail: ReceivedMail) => /^subject: (.*)$/im.exec(mail.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' '))?.[1] ?? '';
const isDispatchNotice = (mail: ReceivedMail) => mailSubject(mail).startsWith('[Vigil] dispatched to ');

const targets = databaseTargets();

describe.each(targets)('local time in documents and alerts, dispatch notices on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let sup: TestUser;
  let eng: TestUser;
  let op: TestUser;
  const as = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });

  beforeAll(async () => {
    db = await target.create();
    mailbox = await startMailbox();
    hooks = await startWebhookReceiver();
    // one message per recipient per second: the dispatch notice is not held behind the fault's first alert
    platform = await startTestPlatform(db, { env: { SMTP_URL: mailbox.url, VIGIL_PUBLIC_URL: `http://${PUBLIC_HOST}/`, VIGIL_ALERT_DIGEST_SEC: '1' } });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    sup = await createUser(platform, admin, 'supervisor', 'sup');
    eng = await createUser(platform, admin, 'engineer', 'eng');
    op = await createUser(platform, admin, 'operator', 'op');
  });

  afterAll(async () => {
    await platform?.close();
    await mailbox?.close();
    await hooks?.close();
    await db?.drop();
  });

  it("should print a patrol's due in the site's local time with the zone named (PDF) or its offset (CSV), never the UTC instant", async () => {
    const site = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ name: '青岛局 时区站点' }))
        .expect(201)
    ).body;
    const startsOn = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 8) + '01';
    await platform.http
      .post('/api/patrol-plans')
      .set(admin)
      .send({ kind: 'monthly', siteIds: [site.id], startsOn })
      .expect(201);
    await platform.app.get(PatrolGenerator).generate();
    const [patrol] = (await platform.http.get(`/api/patrols?siteId=${site.id}`).set(as(sup)).expect(200)).body.items;
    // the API speaks UTC
    expect(patrol.dueAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const due = wallClock(patrol.dueAt, 'Asia/Shanghai');

    const [report, month] = await Promise.all([
      platform.http.get(`/api/patrols/${patrol.id}/report.pdf`).set(as(sup)).buffer(true).parse(binary).expect(200),
      platform.http.get(`/api/patrol-reports/month.pdf?period=${patrol.period}&siteId=${site.id}`).set(as(sup)).buffer(true).parse(binary).expect(200),
    ]);
    const [reportText, monthText] = await pdfTexts([report.body as Buffer, month.body as Buffer]);
    expect(reportText).toContain(`应完成 Due: ${due} (Asia/Shanghai)`);
    expect(reportText).not.toContain(patrol.dueAt.slice(0, 16));
    expect(monthText).toContain('(Asia/Shanghai)');
    expect(monthText.replace(/\s+/g, ' ')).toContain(`${due} +08:00`);

    const csv = csvRows((await platform.http.get(`/api/patrols/${patrol.id}/report.csv`).set(as(sup)).expect(200)).text);
    expect(csv.find((r) => r[0] === '应完成 Due')?.[1]).toBe(`${due} +08:00`);
    expect(csv.find((r) => r[0] === '时区 Time zone')?.[1]).toBe('Asia/Shanghai');
    const monthCsv = csvRows((await platform.http.get(`/api/patrol-reports/month.csv?period=${patrol.period}&siteId=${site.id}`).set(as(sup)).expect(200)).text);
    expect(monthCsv.find((r) => r[0] === patrol.id)?.[4]).toBe(`${due} +08:00`);
  });

  it("should date the service report and the audit exports in local time with the zone named, keeping the audit CSV's ISO column", async () => {
    const customer = (
      await platform.http
        .post('/api/customers')
        .set(admin)
        .send({ name: uniqueId('customer') })
        .expect(201)
    ).body;
    const contract = (
      await platform.http
        .post('/api/contracts')
        .set(admin)
        .send({
          customerId: customer.id,
          name: '时区合同 zone contract',
          startsOn: '2026-01-01',
          endsOn: '2030-12-31',
          slaPolicy: DEMO_SLA_POLICY,
        })
        .expect(201)
    ).body;
    const period = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7);
    const lastDay = new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0)).toISOString().slice(0, 10);
    const [service, audit] = await Promise.all([
      platform.http.get(`/api/reports/service.pdf?contractId=${contract.id}&period=${period}`).set(as(sup)).buffer(true).parse(binary).expect(200),
      platform.http.get('/api/audit/export?format=pdf&entity=contract').set(admin).buffer(true).parse(binary).expect(200),
    ]);
    const [serviceText, auditText] = await pdfTexts([service.body as Buffer, audit.body as Buffer]);
    expect(serviceText).toContain(`期间 Period: ${period}-01 – ${lastDay} (Asia/Shanghai)`);
    expect(serviceText).toMatch(/生成 Generated: \d{4}-\d\d-\d\d \d\d:\d\d \(Asia\/Shanghai\)/);
    expect(auditText).toMatch(/导出 Exported: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Asia\/Shanghai\)/);
    const [entry] = (await platform.http.get(`/api/audit?entity=contract&entityId=${contract.id}`).set(admin).expect(200)).body.items;
    expect(auditText.replace(/\s+/g, ' ')).toContain(`${wallClock(entry.at, 'Asia/Shanghai')}`);

    const rows = csvRows((await platform.http.get(`/api/audit/export?format=csv&entity=contract&entityId=${contract.id}`).set(admin).expect(200)).text);
    expect(rows[0].slice(-2)).toEqual(['withheld', 'local time']);
    const line = rows.find((r) => r[0] === String(entry.id))!;
    expect(line[1]).toBe(entry.at);
    expect(line[12]).toMatch(new RegExp(`^${wallClock(entry.at, 'Asia/Shanghai')}:\\d\\d \\+08:00$`));
  });

  it("should tell the assignee of a dispatch once, by mail and their rota's group chat, in the site's zone with a link to the fault", async () => {
    const site = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send({ ...makeSite({ name: 'Berlin office' }), timeZone: 'Europe/Berlin' })
        .expect(201)
    ).body;
    await platform.http
      .post('/api/oncall/rotas')
      .set(as(sup))
      .send({
        name: uniqueId('rota'),
        siteIds: [site.id],
        members: [eng.id],
        startsAt: new Date(Date.now() - 3600_000).toISOString(),
        supervisorIds: [sup.id],
        webhooks: [{ url: `${hooks.url}/group`, format: 'json' }],
        escalateAfterMinutes: [60, 120, 240],
        repeatEveryMinutes: 60,
      })
      .expect(201);
    const fault = (
      await platform.http
        .post('/api/faults')
        .set(as(op))
        .send({
          siteId: site.id,
          kind: 'no-picture',
          level: 3,
          description: '大屏无图像 no picture on the wall',
          reporter: '张三',
          channel: 'phone',
        })
        .expect(201)
    ).body;
    await platform.http.post(`/api/faults/${fault.id}/dispatch`).set(as(op)).send({ assigneeId: eng.id }).expect(200);

    const mail = await waitFor(async () => mailbox.mails.find((m) => m.to.includes(eng.email) && isDispatchNotice(m) && mailBody(m).includes(`#/faults/${fault.id}`)));
    expect(mailSubject(mail)).toBe(`[Vigil] dispatched to ${eng.username}: no-picture at Berlin office`);
    const body = mailBody(mail);
    expect(body).toContain(`opened ${wallClock(fault.openedAt, 'Europe/Berlin')} (Europe/Berlin)`);
    expect(body).toContain(`http://${PUBLIC_HOST}/#/faults/${fault.id}`);
    const post = await waitFor(async () => hooks.posts.find((p) => p.path === '/group' && String(p.body.reason).startsWith('dispatched to')));
    // the machine fields stay ISO UTC
    expect(post.body.fault).toMatchObject({ id: fault.id, openedAt: fault.openedAt, state: 'dispatched' });
    // one message per channel, recorded on the fault
    const notes = await waitFor(async () => {
      const n = (await platform.http.get(`/api/faults/${fault.id}`).set(as(sup)).expect(200)).body.notifications as {
        reason: string;
        channel: string;
        recipient: string;
        status: string;
      }[];
      const dispatched = n.filter((x) => x.reason.startsWith('dispatched to'));
      return dispatched.length >= 3 ? dispatched : null;
    });
    expect(notes.map((x) => `${x.channel} ${x.recipient} ${x.status}`).sort()).toEqual([
      `dashboard ${eng.username} sent`,
      `email ${eng.email} sent`,
      `webhook ${hooks.url}/group sent`,
    ]);
    expect(mailbox.mails.filter((m) => m.to.includes(eng.email) && isDispatchNotice(m) && mailBody(m).includes(`#/faults/${fault.id}`))).toHaveLength(1);

    // no rota covers this site: the assignee is told all the same, by mail
    const lone = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    const other = (
      await platform.http
        .post('/api/faults')
        .set(as(op))
        .send({ siteId: lone.id, kind: 'damaged', level: 4, description: 'bent mount', reporter: 'x', channel: 'phone' })
        .expect(201)
    ).body;
    await platform.http.post(`/api/faults/${other.id}/dispatch`).set(as(op)).send({ assigneeId: eng.id }).expect(200);
    const second = await waitFor(async () => mailbox.mails.find((m) => m.to.includes(eng.email) && mailBody(m).includes(`#/faults/${other.id}`)));
    expect(mailBody(second)).toContain(`(Asia/Shanghai)`);
  });

  (hasBrowser && target === targets[0] ? it : it.skip)(
    "should open the fault an alert links to in the console's drawer, after sign-in and on reload",
    async () => {
      const site = (
        await platform.http
          .post('/api/sites')
          .set(admin)
          .send(makeSite({ name: '链接站点 link site' }))
          .expect(201)
      ).body;
      const fault = (
        await platform.http
          .post('/api/faults')
          .set(as(op))
          .send({
            siteId: site.id,
            kind: 'image-quality',
            level: 3,
            description: '画面模糊 blurred picture',
            reporter: '李四',
            channel: 'phone',
          })
          .expect(201)
      ).body;
      await platform.http.post(`/api/faults/${fault.id}/dispatch`).set(as(op)).send({ assigneeId: eng.id }).expect(200);
      const mail = await waitFor(async () => mailbox.mails.find((m) => m.to.includes(eng.email) && mailBody(m).includes(`#/faults/${fault.id}`)));
      const link = mailBody(mail)
        .split(/\s+/)
        .find((w) => w.includes(`#/faults/${fault.id}`))!;
      expect(link).toBe(`http://${PUBLIC_HOST}/#/faults/${fault.id}`);

      // the public address resolves to this platform, as a reverse proxy would send it there
      const port = new URL(platform.baseUrl).port;
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          `--host-resolver-rules=MAP ${PUBLIC_HOST}:80 127.0.0.1:${port}`,
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
        await page.goto(link);
        await page.fill('input[name=username]', eng.username);
        await page.fill('input[name=password]', 'password-123');
        await page.click('button[type=submit]');
        // the console, with the fault's drawer open
        const panel = page.locator('[data-testid=fault-panel]');
        await panel.locator(`[data-fault-detail="${fault.id}"]`).waitFor();
        expect(await panel.locator('[data-field=id] td').textContent()).toBe(fault.id);
        expect(await panel.locator('[data-field=openedAt] td').textContent()).toBe(`${wallClock(fault.openedAt, 'Asia/Shanghai')} (Asia/Shanghai)`);
        expect(await panel.locator('[data-field=description] td').textContent()).toBe('画面模糊 blurred picture');
        // the history names the dispatch in words, at the site's local time
        const dispatched = panel.locator('[data-testid=fault-history] .el-table__row', { has: page.locator('[data-event=dispatch]') });
        await dispatched.waitFor();
        expect(await dispatched.textContent()).toMatch(/派单.*\(Asia\/Shanghai\)|\(Asia\/Shanghai\).*派单/);
        await page.screenshot({ path: join(ARTIFACTS, 'fault-link.png') });

        // the same link again after a reload: the page opens it on load
        await page.reload();
        await panel.locator(`[data-fault-detail="${fault.id}"]`).waitFor();
        await panel.locator('[data-action=close-fault]').click();
        await panel.waitFor({ state: 'hidden' });
        // the route no longer names the fault: the console itself
        expect(new URL(page.url()).hash).toBe('#/operator');
        // a fault that does not exist says so
        await page.goto(`http://${PUBLIC_HOST}/#/faults/00000000-0000-0000-0000-000000000000`);
        await panel.locator('[data-testid=fault-missing]').waitFor();
      } finally {
        await browser.close();
      }
      // a browser on a busy machine: two sign-in loads and a reload
    },
    150_000,
  );
});

beforeAll(() => mkdirSync(ARTIFACTS, { recursive: true }));
