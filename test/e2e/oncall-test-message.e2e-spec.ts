import { randomBytes } from 'node:crypto';
import { TEST_MESSAGE_INTERVAL_SEC, type Role } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { createUser, makeSite, uniqueId, type TestUser } from '../support/factories';
import { startMailbox, startWebhookReceiver, type ReceivedMail } from '../support/receivers';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { alertsSettled } from '../support/alerts';
import { waitFor } from '../support/wait-for';

/** Long enough that a real alert held back by a test message would visibly wait. */
const DIGEST_SEC = 120;

const readable = (m: ReceivedMail) => m.raw.replace(/=\r?\n/g, '').replace(/\r?\n[ \t]+/g, ' ');
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

// "Send a test message" of a rota: real SMTP and webhook receivers; the alert budget's own suite covers real alerts
describe.each(databaseTargets())('test messages of a rota on $name', (dbTarget) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const users: Record<string, TestUser> = {};
  const as = (name: string) => ({ Authorization: `Bearer ${users[name].token}` });
  const mailsTo = (name: string) => mailbox.mails.filter((m) => m.to.includes(users[name].email));

  beforeAll(async () => {
    db = await dbTarget.create();
    mailbox = await startMailbox();
    hooks = await startWebhookReceiver();
    platform = await startTestPlatform(db, { env: { SMTP_URL: mailbox.url, VIGIL_ALERT_DIGEST_SEC: String(DIGEST_SEC), MQTT_CLIENT_ID: `t-${randomBytes(4).toString('hex')}` } });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    for (const [role, name] of [
      ['engineer', 'eng1'],
      ['engineer', 'eng2'],
      ['supervisor', 'sup'],
      ['operator', 'op'],
    ] as [Role, string][]) {
      users[name] = await createUser(platform, admin, role, name);
    }
  });

  afterAll(async () => {
    await platform?.close();
    await mailbox?.close();
    await hooks?.close();
    await db?.drop();
  });

  /** A site with its rota: eng1 on call, eng2 the backup, a WeCom-style and a JSON webhook. */
  async function rotaOfNewSite() {
    const site = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    const rota = (
      await platform.http
        .post('/api/oncall/rotas')
        .set(as('sup'))
        .send({
          name: uniqueId('rota'),
          siteIds: [site.id],
          members: [users.eng1.id, users.eng2.id],
          supervisorIds: [users.sup.id],
          startsAt: new Date(Date.now() - 3600_000).toISOString(),
          webhooks: [
            { url: `${hooks.url}/wecom/${site.id}`, format: 'wecom' },
            { url: `${hooks.url}/json/${site.id}`, format: 'json' },
          ],
        })
        .expect(201)
    ).body;
    return { siteId: site.id as string, rota: rota as { id: string; name: string } };
  }

  it("should mail the person on call and post to the rota's webhooks at once, marked as a test, audited, and refuse a second test within the interval", async () => {
    const { siteId, rota } = await rotaOfNewSite();
    const res = await platform.http.post(`/api/oncall/rotas/${rota.id}/test`).set(as('sup')).send({}).expect(200);
    expect(res.body.deliveries).toEqual([
      { channel: 'email', recipient: users.eng1.email, userId: users.eng1.id, status: 'sent', detail: null },
      { channel: 'webhook', recipient: `${hooks.url}/wecom/${siteId}`, userId: null, status: 'sent', detail: null },
      { channel: 'webhook', recipient: `${hooks.url}/json/${siteId}`, userId: null, status: 'sent', detail: null },
    ]);
    // delivered before the answer: the SMTP server has it now
    const mail = mailsTo('eng1').find((m) => subject(m).includes(rota.name));
    expect(mail && subject(mail)).toBe(`[Vigil] 测试消息 Test message: ${rota.name}`);
    expect(readable(mail!)).toContain('there is no fault');
    expect(mailsTo('eng2')).toEqual([]);
    expect(hooks.posts.find((p) => p.path === `/wecom/${siteId}`)?.body).toMatchObject({ msgtype: 'markdown' });
    expect(hooks.posts.find((p) => p.path === `/json/${siteId}`)?.body).toMatchObject({ test: true, rota: { id: rota.id } });

    const again = await platform.http
      .post(`/api/oncall/rotas/${rota.id}/test`)
      .set(as('sup'))
      .send({ channels: ['webhook'] })
      .expect(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(again.headers['retry-after'])).toBeLessThanOrEqual(TEST_MESSAGE_INTERVAL_SEC);
    expect(hooks.posts.filter((p) => p.path.endsWith(siteId))).toHaveLength(2);

    const trail = (await platform.http.get(`/api/audit?entity=oncall-rota&entityId=${rota.id}`).set(admin).expect(200)).body.items as { action: string; actor: string }[];
    expect(trail.filter((e) => e.action === 'test-message').map((e) => e.actor)).toEqual([users.sup.username]);
  });

  it('should send a real alert straight after a test message: a test is no incident and does not spend anyone’s alert budget', async () => {
    const { siteId, rota } = await rotaOfNewSite();
    await platform.http
      .post(`/api/oncall/rotas/${rota.id}/test`)
      .set(as('sup'))
      .send({ channels: ['email'] })
      .expect(200);
    const device = (
      await platform.http
        .post('/api/devices')
        .set(admin)
        .send({ id: uniqueId('CAM'), type: 'camera', siteId, heartbeatIntervalSec: 3600 })
        .expect(201)
    ).body;
    const fault = (
      await platform.http
        .post('/api/faults')
        .set(as('op'))
        .send({ siteId, deviceId: device.id, kind: 'damaged', level: 2, description: 'smashed', reporter: 'guard', channel: 'phone' })
        .expect(201)
    ).body;
    const sentAt = Date.now();
    // were the test counted, this first alert would wait out the digest interval (120 s) after it
    const alert = await waitFor(async () => mailsTo('eng1').find((m) => readable(m).includes(device.id)), 30_000);
    expect(alert.receivedAt - sentAt).toBeLessThan((DIGEST_SEC * 1000) / 2);
    const detail = (await platform.http.get(`/api/faults/${fault.id}`).set(as('sup')).expect(200)).body;
    expect(detail.notifications.every((n: { reason: string }) => !/test/i.test(n.reason))).toBe(true);
    await platform.http.post(`/api/faults/${fault.id}/acknowledge`).set(as('eng1')).send({}).expect(200);
    await alertsSettled(platform, [fault.id]);
  });

  it('should let people of the rota be chosen, refuse others naming the field, and refuse those who may not change the rota', async () => {
    const { rota } = await rotaOfNewSite();
    await platform.http
      .post(`/api/oncall/rotas/${rota.id}/test`)
      .set(as('sup'))
      .send({ userIds: [users.op.id] })
      .expect(400, /userIds/);
    await platform.http.post(`/api/oncall/rotas/${rota.id}/test`).set(as('op')).send({}).expect(403);
    await platform.http.post(`/api/oncall/rotas/${rota.id}/test`).set(as('eng1')).send({}).expect(403);
    await platform.http.post('/api/oncall/rotas/no-such-rota/test').set(as('sup')).send({}).expect(404);
    await platform.http
      .post(`/api/oncall/rotas/${rota.id}/test`)
      .set(as('sup'))
      .send({ channels: ['sms'] })
      .expect(400, /channels/);

    const before = mailsTo('eng2').length;
    const res = await platform.http
      .post(`/api/oncall/rotas/${rota.id}/test`)
      .set(admin)
      .send({ userIds: [users.eng2.id, users.sup.id], channels: ['email'] })
      .expect(200);
    expect(res.body.deliveries.map((d: { userId: string; status: string }) => [d.userId, d.status])).toEqual([
      [users.eng2.id, 'sent'],
      [users.sup.id, 'sent'],
    ]);
    expect(mailsTo('eng2')).toHaveLength(before + 1);
  });
});
