import { randomBytes } from 'node:crypto';
import { DEMO_SLA_POLICY, type Role } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { createUser, makeSite, uniqueId, type TestUser } from '../support/factories';
import { startMailbox, type ReceivedMail } from '../support/receivers';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const H = 3_600_000;
/** A mail as a person reads it: header lines unfolded, quoted-printable soft breaks joined. */
const readable = (m: ReceivedMail) => m.raw.replace(/=\r?\n/g, '').replace(/\r?\n[ \t]+/g, ' ');

interface Notification {
  channel: string;
  recipient: string;
  status: string;
  reason: string;
  step: number;
  subject?: string;
}

// a complaint nobody resolves: the platform's clock passes its due, the ladder climbs through the alert budget
describe.each(databaseTargets())('feedback register on $name', (dbTarget) => {
  /** Real time, moved on by `skipMs` when the test says so: every service reads it through ClockPort. */
  const clock = { skipMs: 0, now: () => new Date(Date.now() + clock.skipMs) };
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  const users: Record<string, TestUser> = {};
  const as = (name: string) => ({ Authorization: `Bearer ${users[name].token}` });
  const mailsTo = (name: string, text: string) => mailbox.mails.filter((m) => m.to.includes(users[name].email) && readable(m).includes(text));

  async function ok<T = any>(req: Promise<{ status: number; body: T }>, status: number): Promise<T> {
    const res = await req;
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  beforeAll(async () => {
    db = await dbTarget.create();
    mailbox = await startMailbox();
    platform = await startTestPlatform(db, { clock, env: { SMTP_URL: mailbox.url, VIGIL_ALERT_DIGEST_SEC: '2', MQTT_CLIENT_ID: `fb-${randomBytes(4).toString('hex')}` } });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    for (const [role, name] of [
      ['engineer', 'eng'],
      ['supervisor', 'sup'],
      ['supervisor', 'mgr'],
      ['operator', 'op'],
    ] as [Role, string][]) {
      users[name] = await createUser(platform, admin, role, name);
    }
  });

  afterAll(async () => {
    await platform?.close();
    await mailbox?.close();
    await db?.drop();
  });

  async function customerWithSite(name: string, feedbackRules?: object) {
    const customer = await ok(
      platform.http
        .post('/api/customers')
        .set(admin)
        .send({ name: uniqueId(name) }),
      201,
    );
    const contract = await ok(
      platform.http
        .post('/api/contracts')
        .set(admin)
        .send({ customerId: customer.id, name: `${name} contract`, startsOn: '2026-01-01', endsOn: '2030-12-31', slaPolicy: DEMO_SLA_POLICY }),
      201,
    );
    if (feedbackRules) {
      const bad = await ok(
        platform.http
          .put(`/api/contracts/${contract.id}/feedback-rules`)
          .set(admin)
          .send({ feedbackRules: { complaintDueHours: { '1': 0 } } }),
        400,
      );
      expect(bad.field).toBe('feedbackRules.complaintDueHours.1');
      await ok(platform.http.put(`/api/contracts/${contract.id}/feedback-rules`).set(admin).send({ feedbackRules }), 200);
    }
    const site = await ok(
      platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ customerId: customer.id, contractId: contract.id })),
      201,
    );
    return { customerId: customer.id as string, contractId: contract.id as string, siteId: site.id as string };
  }

  it('should escalate an unresolved complaint to the supervisor at its due and to the manager one interval later, then close it only with a resolution and the confirmation', async () => {
    const { customerId, siteId } = await customerWithSite('Alpha', { escalationIntervalHours: 2, complaintConfirmation: true });
    await ok(
      platform.http
        .post('/api/oncall/rotas')
        .set(as('sup'))
        .send({
          name: uniqueId('rota'),
          siteIds: [siteId],
          members: [users.eng.id],
          supervisorIds: [users.sup.id],
          managerIds: [users.mgr.id],
          startsAt: new Date(Date.now() - H).toISOString(),
        }),
      201,
    );
    const words = uniqueId('gate camera dark');
    const complaint = await ok(
      platform.http
        .post('/api/feedback')
        .set(as('op'))
        .send({ customerId, siteId, kind: 'complaint', channel: 'phone', reporterName: 'Mr Wang', reporterContact: '13800000000', text: words, level: 1 }),
      201,
    );
    expect(new Date(complaint.dueAt).getTime() - new Date(complaint.receivedAt).getTime()).toBe(4 * H);
    expect(complaint).toMatchObject({ state: 'open', level: 1, confirmationRequired: true, overdue: false });
    const notifications = async () => (await ok(platform.http.get(`/api/feedback/${complaint.id}`).set(as('sup')), 200)).notifications as Notification[];
    const mailed = (n: Notification[], name: string) => n.filter((x) => x.channel === 'email' && x.recipient === users[name].email && x.status === 'sent');

    // registration: the engineer on call is told, nobody else yet
    await waitFor(async () => mailsTo('eng', words).length > 0, 20_000);
    expect(mailed(await notifications(), 'eng')[0]).toMatchObject({ subject: 'feedback', step: 0 });
    expect(mailsTo('sup', words)).toEqual([]);

    // nobody resolves it: the platform's clock passes its due, the supervisor is told through the budget
    clock.skipMs += 4 * H + 1_000;
    await waitFor(async () => mailsTo('sup', words).length > 0, 20_000);
    const afterDue = await notifications();
    expect(mailed(afterDue, 'sup')).toEqual([expect.objectContaining({ step: 1, reason: expect.stringContaining('supervisor') })]);
    expect(mailed(afterDue, 'mgr')).toEqual([]);
    const overdue = (await ok(platform.http.get(`/api/feedback?customerId=${customerId}&overdue=true`).set(as('op')), 200)).items as { id: string }[];
    expect(overdue.map((e) => e.id)).toEqual([complaint.id]);

    // one interval (2 h on this contract) later: the manager
    clock.skipMs += 2 * H;
    await waitFor(async () => mailsTo('mgr', words).length > 0, 20_000);
    expect(mailed(await notifications(), 'mgr')).toEqual([expect.objectContaining({ step: 2, reason: expect.stringContaining('manager') })]);
    const history = (await ok(platform.http.get(`/api/feedback/${complaint.id}`).set(as('op')), 200)).history as { type: string; detail: { step?: number } }[];
    expect(history.filter((h) => h.type === 'escalated').map((h) => h.detail.step)).toEqual([0, 1, 2]);

    // closing: the resolution first, then the customer's confirmation the contract asks for
    const noResolution = await ok(platform.http.post(`/api/feedback/${complaint.id}/close`).set(as('op')).send({}), 400);
    expect(noResolution.field).toBe('resolution');
    await ok(platform.http.post(`/api/feedback/${complaint.id}/resolve`).set(as('eng')).send({ resolution: 'replaced the gate camera' }), 200);
    const unconfirmed = await ok(platform.http.post(`/api/feedback/${complaint.id}/close`).set(as('op')).send({}), 400);
    expect(unconfirmed).toMatchObject({ field: 'confirmation', errors: [expect.objectContaining({ code: 'confirmation-required' })] });
    await ok(platform.http.post(`/api/feedback/${complaint.id}/close`).set(as('eng')).send({}), 403);
    const confirmed = await ok(platform.http.post(`/api/feedback/${complaint.id}/confirm`).set(as('op')).send({ name: 'Mr Wang', note: 'the picture is back' }), 200);
    expect(confirmed.confirmation).toMatchObject({ name: 'Mr Wang', via: 'phone', recordedBy: users.op.username });
    const closed = await ok(platform.http.post(`/api/feedback/${complaint.id}/close`).set(as('op')).send({}), 200);
    expect(closed).toMatchObject({ state: 'closed', resolution: 'replaced the gate camera', closedBy: users.op.username });
    await ok(platform.http.post(`/api/feedback/${complaint.id}/resolve`).set(as('eng')).send({ resolution: 'again' }), 409);

    // the export names the zone of every time
    const csv = await platform.http.get(`/api/feedback/export.csv?customerId=${customerId}`).set(as('op')).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain(words);
    expect(csv.text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Asia\/Shanghai\)/);
  }, 120_000);

  it("should send a resolved complaint's confirmation as a one-time link to the customer's mail, take the confirmation through it once, and then close", async () => {
    const { customerId, siteId } = await customerWithSite('Gamma', { complaintConfirmation: true });
    await ok(platform.http.patch(`/api/customers/${customerId}`).set(admin).send({ contactName: 'Mr Zhao', contactEmail: 'zhao@gamma.test' }), 200);
    const words = uniqueId('lobby camera flickers');
    const complaint = await ok(
      platform.http.post('/api/feedback').set(as('op')).send({ customerId, siteId, kind: 'complaint', channel: 'phone', reporterName: 'Mr Zhao', text: words, level: 2 }),
      201,
    );
    // nothing to confirm before it is resolved
    await ok(platform.http.post(`/api/feedback/${complaint.id}/send-confirmation`).set(as('op')).send({ channel: 'mail' }), 409);
    await ok(platform.http.post(`/api/feedback/${complaint.id}/resolve`).set(as('eng')).send({ resolution: 'replaced the lobby camera' }), 200);
    await ok(platform.http.post(`/api/feedback/${complaint.id}/send-confirmation`).set(as('op')).send({ channel: 'pigeon' }), 400);
    const sent = await ok(platform.http.post(`/api/feedback/${complaint.id}/send-confirmation`).set(as('op')).send({ channel: 'mail' }), 200);
    expect(sent).toMatchObject({ state: 'resolved', confirmation: null });
    await ok(platform.http.post(`/api/feedback/${complaint.id}/close`).set(as('op')).send({}), 400);

    const mail = await waitFor(async () => mailbox.mails.find((m) => m.to.includes('zhao@gamma.test')), 20_000);
    const token = linkToken(mail, 'confirm');
    expect(JSON.stringify(sent)).not.toContain(token);
    const opened = await ok(platform.http.get(`/api/links/${token}`), 200);
    expect(opened).toMatchObject({ purpose: 'complaint-confirm', subject: { complaintId: complaint.id, text: words, resolution: 'replaced the lobby camera', state: 'resolved' } });
    // a bad answer leaves the link usable
    await ok(platform.http.post(`/api/links/${token}/confirm`).send({ note: 'fine' }), 400);
    const done = await ok(platform.http.post(`/api/links/${token}/confirm`).send({ name: 'Mr Zhao', note: 'the picture is steady' }), 200);
    expect(done).toMatchObject({ complaintId: complaint.id, state: 'resolved', confirmedAt: expect.any(String) });
    expect((await ok(platform.http.post(`/api/links/${token}/confirm`).send({ name: 'someone else' }), 410)).code).toBe('link-used');

    const detail = await ok(platform.http.get(`/api/feedback/${complaint.id}`).set(as('op')), 200);
    expect(detail.confirmation).toMatchObject({ name: 'Mr Zhao', via: 'link', recordedBy: null, note: 'the picture is steady' });
    expect((detail.history as { type: string }[]).map((h) => h.type)).toEqual(expect.arrayContaining(['confirmation-sent', 'confirmed']));
    const closed = await ok(platform.http.post(`/api/feedback/${complaint.id}/close`).set(as('op')).send({}), 200);
    expect(closed).toMatchObject({ state: 'closed', confirmation: { via: 'link' } });
    await ok(platform.http.post(`/api/feedback/${complaint.id}/send-confirmation`).set(as('op')).send({ channel: 'mail' }), 409);
  }, 120_000);

  it('should escalate a complaint whose due passed while the platform was down, once it is back', async () => {
    const { customerId, siteId } = await customerWithSite('Restart');
    await ok(
      platform.http
        .post('/api/oncall/rotas')
        .set(as('sup'))
        .send({ name: uniqueId('rota'), siteIds: [siteId], members: [users.eng.id], supervisorIds: [users.sup.id], startsAt: new Date(Date.now() - H).toISOString() }),
      201,
    );
    const words = uniqueId('recorder beeping');
    const complaint = await ok(
      platform.http.post('/api/feedback').set(as('op')).send({ customerId, siteId, kind: 'complaint', channel: 'mail', reporterName: 'Ms Zhao', text: words, level: 3 }),
      201,
    );
    await waitFor(async () => mailsTo('eng', words).length > 0, 20_000);
    // down across the due: the rung is a row in the database, not a timer of the process that planned it
    await platform.close();
    clock.skipMs += 72 * H + 1_000;
    platform = await startTestPlatform(db, { clock, env: { SMTP_URL: mailbox.url, VIGIL_ALERT_DIGEST_SEC: '2', MQTT_CLIENT_ID: `fb-${randomBytes(4).toString('hex')}` } });
    await waitFor(async () => mailsTo('sup', words).length > 0, 20_000);
    const detail = await ok(platform.http.get(`/api/feedback/${complaint.id}`).set(as('op')), 200);
    expect(detail).toMatchObject({ overdue: true, escalationStep: 1 });
  }, 90_000);

  it("should keep a customer's entries from the users of another customer, and open a maintenance request's fault", async () => {
    const a = await customerWithSite('Alpha');
    const b = await customerWithSite('Bravo');
    const praise = await ok(
      platform.http
        .post('/api/feedback')
        .set(as('op'))
        .send({ customerId: a.customerId, siteId: a.siteId, kind: 'praise', channel: 'wecom', reporterName: 'Ms Li', text: 'quick repair' }),
      201,
    );
    const ofCustomer = await ok(
      platform.http
        .post('/api/feedback')
        .set(as('op'))
        .send({ customerId: a.customerId, kind: 'suggestion', channel: 'mail', reporterName: 'Ms Li', text: 'monthly summary please' }),
      201,
    );
    const scopedB = await ok(
      platform.http
        .post('/api/users')
        .set(admin)
        .send({ username: uniqueId('bravo-op'), password: 'password-123', role: 'operator', scope: { customerIds: [b.customerId], siteIds: [] } }),
      201,
    );
    const bAuth = { Authorization: `Bearer ${await platform.login(scopedB.username, 'password-123')}` };
    for (const id of [praise.id, ofCustomer.id]) {
      await ok(platform.http.get(`/api/feedback/${id}`).set(bAuth), 404);
      await ok(platform.http.patch(`/api/feedback/${id}`).set(bAuth).send({ text: 'changed' }), 404);
      await ok(platform.http.post(`/api/feedback/${id}/close`).set(bAuth).send({ resolution: 'x' }), 404);
    }
    const seen = (await ok(platform.http.get('/api/feedback').set(bAuth), 200)).items as { id: string }[];
    expect(seen.map((e) => e.id)).not.toContain(praise.id);
    await ok(platform.http.post('/api/feedback').set(bAuth).send({ customerId: a.customerId, kind: 'praise', channel: 'phone', reporterName: 'x', text: 'x' }), 404);
    const own = await ok(
      platform.http.post('/api/feedback').set(bAuth).send({ customerId: b.customerId, siteId: b.siteId, kind: 'praise', channel: 'phone', reporterName: 'x', text: 'x' }),
      201,
    );
    expect((await ok(platform.http.get('/api/feedback').set(bAuth), 200)).items.map((e: { id: string }) => e.id)).toEqual([own.id]);
    // a maintenance request opens its fault through the fault report (the desk may, an engineer may not)
    const cam = await ok(
      platform.http
        .post('/api/devices')
        .set(admin)
        .send({ id: uniqueId('CAM'), type: 'camera', siteId: a.siteId, heartbeatIntervalSec: 3600 }),
      201,
    );
    const request = {
      customerId: a.customerId,
      deviceId: cam.id,
      kind: 'maintenance-request',
      channel: 'phone',
      reporterName: 'guard',
      text: '=HYPERLINK("x") the PTZ sticks',
      openFault: true,
    };
    await ok(platform.http.post('/api/feedback').set(as('eng')).send(request), 403);
    const opened = await ok(platform.http.post('/api/feedback').set(as('op')).send(request), 201);
    expect(opened).toMatchObject({ siteId: a.siteId, deviceId: cam.id, faultId: expect.any(String) });
    const fault = await ok(platform.http.get(`/api/faults/${opened.faultId}`).set(as('op')), 200);
    expect(fault).toMatchObject({ siteId: a.siteId, deviceId: cam.id, channel: 'phone', reporter: 'guard' });
    expect((await ok(platform.http.get(`/api/feedback?faultId=${opened.faultId}`).set(as('op')), 200)).items.map((e: { id: string }) => e.id)).toEqual([opened.id]);
    const csv = (await platform.http.get(`/api/feedback/export.csv?deviceId=${cam.id}`).set(as('op')).expect(200)).text;
    expect(csv.startsWith('\uFEFFid,')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""x"") the PTZ sticks"`);

    // unscoped, the praise closes without a resolution
    expect((await ok(platform.http.post(`/api/feedback/${praise.id}/close`).set(as('op')).send({}), 200)).state).toBe('closed');
  }, 60_000);
});

/** A one-time link's token in a mail as it came off the wire (quoted-printable or base64 parts decoded), on the web app's `page`. */
function linkToken(mail: ReceivedMail, page: string): string {
  const texts = [readable(mail), ...[...mail.raw.matchAll(/\r?\n\r?\n([A-Za-z0-9+/=\r\n]{40,})/g)].map((m) => Buffer.from(m[1].replace(/\s+/g, ''), 'base64').toString('utf8'))];
  for (const text of texts) {
    const found = new RegExp(`#/${page}/([A-Za-z0-9_-]{20,})`).exec(text);
    if (found) return found[1];
  }
  throw new Error(`no ${page} link in the mail: ${mail.raw.slice(0, 500)}`);
}
