import { randomBytes } from 'node:crypto';
import { ScheduledActionRunner } from '@vigil/application';
import type { Role } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { createUser, makeSite, uniqueId, type TestUser } from '../support/factories';
import { startMailbox, startWebhookReceiver, type ReceivedMail } from '../support/receivers';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { alertsSettled } from '../support/alerts';
import { waitFor } from '../support/wait-for';

const DIGEST_SEC = 5;
/** The interval runs between the decisions to send; each mail's own delivery (up to about a second on a busy machine) comes on top. */
const DELIVERY_SLACK_MS = 1_000;

/** A mail as a person reads it: header lines unfolded, quoted-printable soft breaks joined. */
const readable = (m: ReceivedMail) => m.raw.replace(/=\r?\n/g, '').replace(/\r?\n[ \t]+/g, ' ');
const subject = (m: ReceivedMail) => /^Subject: (.*)$/m.exec(readable(m))?.[1] ?? '';

// reported faults (no broker needed): the budget sits between the faults' timers and the mail and webhook receivers
describe.each(databaseTargets())('alert budget on $name', (dbTarget) => {
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
    platform = await startTestPlatform(db, { env: { SMTP_URL: mailbox.url, VIGIL_ALERT_DIGEST_SEC: String(DIGEST_SEC), MQTT_CLIENT_ID: `b-${randomBytes(4).toString('hex')}` } });
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

  /** A site of `n` cameras with its own rota: eng1 on call, eng2 the backup, sup the supervisor, one JSON webhook. */
  async function estate(n: number, timing: { escalateAfterMinutes: number[]; repeatEveryMinutes: number }) {
    const site = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    const cams: string[] = [];
    for (let i = 0; i < n; i += 1)
      cams.push(
        (
          await platform.http
            .post('/api/devices')
            .set(admin)
            .send({ id: uniqueId('CAM'), type: 'camera', siteId: site.id, heartbeatIntervalSec: 3600 })
            .expect(201)
        ).body.id,
      );
    const hook = `${hooks.url}/${site.id}`;
    await platform.http
      .post('/api/oncall/rotas')
      .set(as('sup'))
      .send({
        name: uniqueId('rota'),
        siteIds: [site.id],
        members: [users.eng1.id, users.eng2.id],
        supervisorIds: [users.sup.id],
        startsAt: new Date(Date.now() - 3600_000).toISOString(),
        webhooks: [{ url: hook, format: 'json' }],
        ...timing,
      })
      .expect(201);
    return { siteId: site.id as string, cams, hookPath: `/${site.id}` };
  }
  const report = (siteId: string, deviceId: string) =>
    platform.http
      .post('/api/faults')
      .set(as('op'))
      .send({ siteId, deviceId, kind: 'damaged', level: 2, description: 'smashed', reporter: 'guard', channel: 'phone' })
      .expect(201)
      .then((r) => r.body as { id: string; openedAt: string });

  it('should tell each recipient of 20 faults arriving at once in one digest, and the next fault in the next message', async () => {
    const { siteId, cams, hookPath } = await estate(21, { escalateAfterMinutes: [60, 120, 180], repeatEveryMinutes: 60 });
    const before = mailsTo('eng1').length;
    // the timers held while the 20 open, so their first alerts fall due together however slow the machine
    const runner = platform.app.get(ScheduledActionRunner);
    await runner.stop();
    const faults = await Promise.all(cams.slice(0, 20).map((cam) => report(siteId, cam))).finally(() => runner.start());

    const digest = await waitFor(
      async () =>
        mailsTo('eng1')
          .slice(before)
          .find((m) => subject(m).includes('20 new faults')),
      15_000,
    );
    expect(cams.slice(0, 20).every((cam) => readable(digest).includes(cam))).toBe(true);
    const post = await waitFor(async () => hooks.posts.find((p) => p.path === hookPath));
    expect(post.body).toMatchObject({ reason: 'digest' });
    expect(post.body.faults.map((f: { id: string }) => f.id).sort()).toEqual(faults.map((f) => f.id).sort());

    // the 21st fault goes in the recipient's next message, a digest interval after the first: nothing in between
    await report(siteId, cams[20]);
    const next = await waitFor(
      async () =>
        mailsTo('eng1')
          .slice(before)
          .find((m) => readable(m).includes(cams[20])),
      15_000,
    );
    expect(next.receivedAt - digest.receivedAt).toBeGreaterThanOrEqual(DIGEST_SEC * 1000 - DELIVERY_SLACK_MS);
    expect(mailsTo('eng1').slice(before)).toEqual([digest, next]);
    await waitFor(async () => hooks.posts.filter((p) => p.path === hookPath).length === 2);
    expect(hooks.posts.filter((p) => p.path === hookPath)[1].body).toMatchObject({ reason: 'new fault', fault: { deviceId: cams[20] } });
    // the backup and the supervisor are not told before their escalation step (an hour away)
    expect(mailsTo('eng2').filter((m) => readable(m).includes(cams[0]))).toEqual([]);

    const detail = (await platform.http.get(`/api/faults/${faults[0].id}`).set(as('sup')).expect(200)).body;
    expect(detail.notifications).toEqual(expect.arrayContaining([expect.objectContaining({ channel: 'email', status: 'sent', detail: 'digest of 20' })]));
    const volume = (await platform.http.get('/api/alerts/volume?minutes=10').set(admin).expect(200)).body;
    expect(volume.items).toEqual(expect.arrayContaining([{ recipient: users.eng1.email, channel: 'email', messages: mailsTo('eng1').length }]));
    await platform.http.get('/api/alerts/volume').set(as('eng1')).expect(403);
    const bad = await platform.http.get('/api/alerts/volume?minutes=0').set(admin).expect(400);
    expect(JSON.stringify(bad.body)).toContain('minutes');
    expect((await platform.http.get('/metrics')).text).toMatch(/vigil_alerts_sent_total\{channel="email"\} [1-9]/);
  }, 60_000);

  it('should time the reminder and the escalation from the first alert actually sent, and stop both at the acknowledgement', async () => {
    // repeats every 3 s, the backup after 4 s, the supervisor after an hour
    const { siteId, cams } = await estate(2, { escalateAfterMinutes: [4 / 60, 60, 120], repeatEveryMinutes: 3 / 60 });
    const [first, held] = cams;
    const a = await report(siteId, first);
    const firstMail = await waitFor(async () => mailsTo('eng1').find((m) => readable(m).includes(first)), 15_000);
    await platform.http.post(`/api/faults/${a.id}/acknowledge`).set(as('eng1')).send({}).expect(200);
    // eng1 was just told: the held fault's first alert waits for the digest interval, its timers wait with it
    const b = await report(siteId, held);
    const newFault = await waitFor(async () => mailsTo('eng1').find((m) => subject(m).includes('new fault') && readable(m).includes(held)), 15_000);
    expect(newFault.receivedAt - firstMail.receivedAt).toBeGreaterThanOrEqual(DIGEST_SEC * 1000 - DELIVERY_SLACK_MS);
    const reminder = await waitFor(async () => mailsTo('eng1').find((m) => subject(m).includes('still not acknowledged') && readable(m).includes(held)), 20_000);
    const backup = await waitFor(async () => mailsTo('eng2').find((m) => readable(m).includes(held)), 20_000);
    // never before the first alert; counted from it, not from the opening
    expect(reminder.receivedAt).toBeGreaterThan(newFault.receivedAt);
    expect(reminder.receivedAt - newFault.receivedAt).toBeGreaterThanOrEqual(DIGEST_SEC * 1000 - DELIVERY_SLACK_MS);
    expect(backup.receivedAt - newFault.receivedAt).toBeGreaterThanOrEqual(4_000 - DELIVERY_SLACK_MS);

    await platform.http.post(`/api/faults/${b.id}/acknowledge`).set(as('eng1')).send({}).expect(200);
    const ackedAt = Date.now();
    // a repeat already in a message being sent may land, nothing queued after that: the acknowledgement cancels the fault's
    // steps and repeats and drops what of it waits; once that shows, nothing about it can go out
    await alertsSettled(platform, [b.id], (DIGEST_SEC + 10) * 1000);
    const late = mailbox.mails.filter((m) => m.receivedAt > ackedAt + 1_000 && readable(m).includes(held));
    expect(late).toEqual([]);
    const queued = (await platform.http.get(`/api/faults/${b.id}`).set(as('sup')).expect(200)).body.notifications as { at: string }[];
    expect(queued.filter((n) => new Date(n.at).getTime() > ackedAt + 1_000)).toEqual([]);
  }, 90_000);
});
