import { randomBytes } from 'node:crypto';
import { PatrolGenerator } from '@vigil/application';
import { DEMO_SLA_POLICY, satisfactionByQuestion, satisfactionBySite, surveyPeriodRange, type Role, type Survey } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { createUser, makeSite, uniqueId, type TestUser } from '../support/factories';
import { mailText, startMailbox } from '../support/receivers';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const H = 3600_000;
// a 1×1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const SIGNATURE = `data:image/png;base64,${PNG.toString('base64')}`;

// callbacks (回访) on the platform's clock moved on by the test: a phone fix is called back 2 h after its restore
describe.each(databaseTargets())('callbacks and satisfaction surveys on $name', (dbTarget) => {
  /** Real time, moved on by `skipMs` when the test says so: every service and durable timer reads it through ClockPort. */
  const clock = { skipMs: 0, now: () => new Date(Date.now() + clock.skipMs) };
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let siteId: string;
  let customerId: string;
  let contractId: string;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  const users: Record<string, TestUser> = {};

  async function user(role: Role, name: string) {
    users[name] = await createUser(platform, admin, role, name);
  }
  const as = (name: string) => ({ Authorization: `Bearer ${users[name].token}` });

  /** A fault reported by phone, restored by op1 on the phone and closed by the supervisor without anyone going. */
  async function phoneFix(description: string) {
    const fault = (await platform.http.post('/api/faults').set(as('op1')).send({ siteId, kind: 'image-quality', description, reporter: 'guard', channel: 'phone' }).expect(201))
      .body;
    const restored = (await platform.http.post(`/api/faults/${fault.id}/restore`).set(as('op1')).send({ note: 'reset by phone' }).expect(200)).body;
    await platform.http.post(`/api/faults/${fault.id}/close`).set(as('sup')).send({ resolution: 'customer restarted the recorder on our instructions' }).expect(200);
    return { faultId: fault.id as string, restoredAt: new Date(restored.restoredAt) };
  }
  const callbackOf = (faultId: string) =>
    waitFor(async () =>
      ((await platform.http.get(`/api/callbacks?siteId=${siteId}`).set(as('op2')).expect(200)).body.items as { faultId: string }[]).find((c) => c.faultId === faultId),
    );

  beforeAll(async () => {
    db = await dbTarget.create();
    mailbox = await startMailbox();
    platform = await startTestPlatform(db, {
      clock,
      env: { SMTP_URL: mailbox.url, VIGIL_PUBLIC_URL: 'https://vigil.example', MQTT_CLIENT_ID: `cb-${randomBytes(4).toString('hex')}` },
    });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    await user('operator', 'op1');
    await user('operator', 'op2');
    await user('supervisor', 'sup');
    await user('engineer', 'eng');
    const customer = (
      await platform.http
        .post('/api/customers')
        .set(admin)
        .send({ name: uniqueId('customer') })
        .expect(201)
    ).body;
    customerId = customer.id;
    const contract = (
      await platform.http
        .post('/api/contracts')
        .set(admin)
        .send({ customerId: customer.id, name: 'callback contract', startsOn: '2026-01-01', endsOn: '2030-12-31', slaPolicy: DEMO_SLA_POLICY })
        .expect(201)
    ).body;
    contractId = contract.id;
    siteId = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ customerId: customer.id, contractId: contract.id }))
        .expect(201)
    ).body.id;
    await platform.http
      .post('/api/oncall/rotas')
      .set(as('sup'))
      .send({ name: 'desk rota', siteIds: [siteId], members: [users.op1.id, users.op2.id], supervisorIds: [users.sup.id], startsAt: new Date(Date.now() - H).toISOString() })
      .expect(201);
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    await mailbox?.close();
    await db?.drop();
  });

  it('should call back a phone fix 2 h after its restore, refuse the one who fixed it, and follow a low score up until the customer is satisfied', async () => {
    const { faultId, restoredAt } = await phoneFix('picture blurred');
    const cb = await callbackOf(faultId);
    // op1 restored it on the phone: the call goes to the other operator on the rota
    expect(cb).toMatchObject({ reason: 'phone-fix', state: 'due', status: 'pending', assigneeId: users.op2.id, doneBy: [users.op1.id] });
    expect(new Date((cb as unknown as { dueAt: string }).dueAt).getTime()).toBe(restoredAt.getTime() + 2 * H);
    const id = (cb as unknown as { id: string }).id;
    // the fraud check: whoever did the job neither takes nor records the call
    const refused = await platform.http.post(`/api/callbacks/${id}/assign`).set(as('sup')).send({ assigneeId: users.op1.id }).expect(400);
    expect(refused.body.message).toContain('assigneeId');
    await platform.http.post(`/api/callbacks/${id}/result`).set(as('op1')).send({ outcome: 'reached', score: 10 }).expect(403);
    await platform.http.post(`/api/callbacks/${id}/result`).set(as('op2')).send({ outcome: 'reached' }).expect(400);

    clock.skipMs += 2 * H;
    const due = (await platform.http.get(`/api/callbacks?siteId=${siteId}&state=due&assigneeId=${users.op2.id}`).set(as('op2')).expect(200)).body.items as {
      id: string;
      status: string;
    }[];
    expect(due.find((c) => c.id === id)?.status).toBe('due');

    const low = (await platform.http.post(`/api/callbacks/${id}/result`).set(as('op2')).send({ outcome: 'reached', score: 6, notes: 'picture still soft at night' }).expect(200))
      .body;
    expect(low).toMatchObject({ state: 'done', status: 'done-on-time', result: { outcome: 'reached', score: 6 }, followUpId: low.followUp.id });
    expect(low.followUp).toMatchObject({ reason: 'follow-up', parentId: id, rootId: id, faultId, assigneeId: users.op2.id, doneBy: [users.op1.id] });
    await platform.http.post(`/api/callbacks/${id}/result`).set(as('op2')).send({ outcome: 'reached', score: 9 }).expect(409);

    const pass = (await platform.http.post(`/api/callbacks/${low.followUp.id}/result`).set(as('sup')).send({ outcome: 'reached', score: 9 }).expect(200)).body;
    expect(pass.followUp).toBeNull();
    const chain = (await platform.http.get(`/api/callbacks/${id}`).set(as('sup')).expect(200)).body.chain as { id: string; result: { score: number } }[];
    expect(chain.map((c) => [c.id, c.result.score])).toEqual([
      [id, 6],
      [low.followUp.id, 9],
    ]);
    const csv = (await platform.http.get(`/api/callbacks/export.csv?siteId=${siteId}`).set(as('sup')).expect(200)).text;
    expect(csv).toContain('(Asia/Shanghai)');
    expect(csv).toContain('picture still soft at night');
  }, 60_000);

  /** The mails a user was sent about a callback (its dashboard link in the text), as they came off the wire. */
  const mailsAbout = (name: string, callbackId: string) => mailbox.mails.filter((m) => m.to.includes(users[name].email) && mailText(m).includes(`#/callbacks/${callbackId}`));

  it('should list a callback not made by due + grace as missed and page its assignee about the callback', async () => {
    const { faultId } = await phoneFix('no picture on camera 3');
    const cb = (await callbackOf(faultId)) as unknown as { id: string; missAt: string };
    clock.skipMs = new Date(cb.missAt).getTime() - Date.now() + 1000;
    const missed = await waitFor(async () => {
      const items = (await platform.http.get(`/api/callbacks?siteId=${siteId}&missed=true`).set(as('sup')).expect(200)).body.items as { id: string; missed: boolean }[];
      return items.find((c) => c.id === cb.id);
    });
    expect(missed.missed).toBe(true);
    // the page is about the callback (one path for every callback, with a fault or without), to its assignee only
    const mail = await waitFor(async () => mailsAbout('op2', cb.id)[0], 20_000);
    expect(mailText(mail)).toContain('callback missed (回访逾期');
    expect(mailText(mail)).toContain('电话修复 phone fix');
    expect(mailsAbout('sup', cb.id)).toEqual([]);
  }, 60_000);

  it('should take a survey by phone, open a follow-up for a low overall score, and give the satisfaction figures over it', async () => {
    const survey = (await platform.http.post('/api/surveys').set(as('op2')).send({ siteId, period: '2026-H2' }).expect(201)).body as Survey;
    expect(survey.questions.map((q) => q.key)).toEqual(['response-speed', 'repair-quality', 'engineer-conduct', 'communication', 'overall']);
    await platform.http
      .post(`/api/surveys/${survey.id}/answers`)
      .set(as('op2'))
      .send({ answers: [{ key: 'overall', score: 11 }] })
      .expect(400);
    const scores = { 'response-speed': 9, 'repair-quality': 8, 'engineer-conduct': 10, communication: 6, overall: 7 };
    const answered = (
      await platform.http
        .post(`/api/surveys/${survey.id}/answers`)
        .set(as('op2'))
        .send({ answers: Object.entries(scores).map(([key, score]) => ({ key, score })), comment: 'slow to call back', respondent: 'Ms Li, office manager' })
        .expect(200)
    ).body as Survey;
    expect(answered).toMatchObject({ state: 'answered', channel: 'phone', recordedBy: users.op2.id });
    // overall 7 under the pass mark 8: a follow-up callback
    expect(answered.followUpCallbackId).toEqual(expect.any(String));
    const followUp = (await platform.http.get(`/api/callbacks/${answered.followUpCallbackId}`).set(as('sup')).expect(200)).body;
    expect(followUp).toMatchObject({ reason: 'survey', surveyId: survey.id, siteId });
    await platform.http
      .post(`/api/surveys/${survey.id}/answers`)
      .set(as('op2'))
      .send({ answers: [{ key: 'overall', score: 10 }] })
      .expect(409);

    const listed = (await platform.http.get(`/api/surveys?siteId=${siteId}&period=2026-H2`).set(as('sup')).expect(200)).body.items as Survey[];
    const revived = listed.map((s) => ({ ...s, answeredAt: s.answeredAt ? new Date(s.answeredAt) : null }));
    const period = { from: new Date(Date.now() - 365 * 24 * H), to: new Date(Date.now() + 365 * 24 * H) };
    expect(satisfactionByQuestion(revived, period)).toEqual([
      { key: 'response-speed', mean: 9, count: 1, passShare: 1 },
      { key: 'repair-quality', mean: 8, count: 1, passShare: 1 },
      { key: 'engineer-conduct', mean: 10, count: 1, passShare: 1 },
      { key: 'communication', mean: 6, count: 1, passShare: 0 },
      { key: 'overall', mean: 7, count: 1, passShare: 0 },
    ]);
    expect(satisfactionBySite(revived, period)).toMatchObject([{ siteId, mean: 8, count: 5, passShare: 0.6 }]);
    expect(surveyPeriodRange('2026-H2', 'Asia/Shanghai')).not.toBeNull();
    const csv = (await platform.http.get(`/api/surveys/export.csv?siteId=${siteId}`).set(as('sup')).expect(200)).text;
    expect(csv).toContain('Ms Li, office manager');
  }, 60_000);

  it("should keep a contract's callback terms over the defaults, naming a bad field", async () => {
    const bad = await platform.http
      .put(`/api/contracts/${contractId}/callback-settings`)
      .set(admin)
      .send({ settings: { passMark: 11 } })
      .expect(400);
    expect(bad.body.message).toContain('settings.passMark');
    await platform.http
      .put(`/api/contracts/${contractId}/callback-settings`)
      .set(as('op2'))
      .send({ settings: { passMark: 9 } })
      .expect(403);
    await platform.http
      .put(`/api/contracts/${contractId}/callback-settings`)
      .set(as('sup'))
      .send({ settings: { delayMinutes: 180 } })
      .expect(200);
    const read = (await platform.http.get(`/api/contracts/${contractId}/callback-settings`).set(as('op2')).expect(200)).body;
    expect(read).toMatchObject({ own: { delayMinutes: 180 }, settings: { delayMinutes: 180, passMark: 8, graceMinutes: 60 } });
    const { faultId, restoredAt } = await phoneFix('dome camera drifting');
    const cb = (await callbackOf(faultId)) as unknown as { dueAt: string };
    expect(new Date(cb.dueAt).getTime()).toBe(restoredAt.getTime() + 3 * H);
    await platform.http.put(`/api/contracts/${contractId}/callback-settings`).set(as('sup')).send({ settings: {} }).expect(200);
  }, 60_000);

  it('should page the assignee of a missed callback after a signed patrol, which has no fault', async () => {
    await platform.http
      .post('/api/patrol-plans')
      .set(as('sup'))
      .send({ kind: 'monthly', siteIds: [siteId], startsOn: '2026-12-01' })
      .expect(201);
    await platform.app.get(PatrolGenerator).generate();
    const [patrol] = (await platform.http.get(`/api/patrols?siteId=${siteId}`).set(as('sup')).expect(200)).body.items as { id: string }[];
    const id = patrol.id;
    await platform.http.post(`/api/patrols/${id}/assign`).set(as('sup')).send({ assigneeId: users.eng.id }).expect(200);
    await platform.http.post(`/api/patrols/${id}/start`).set(as('eng')).expect(200);
    const detail = (await platform.http.get(`/api/patrols/${id}`).set(as('eng')).expect(200)).body as {
      lines: { lineKey: string; item: { key: string; type: string; required: boolean } }[];
    };
    for (const line of detail.lines.filter((l) => l.item.required)) {
      if (line.item.type === 'photo') {
        await platform.http
          .post(`/api/patrols/${id}/lines/${encodeURIComponent(line.lineKey)}/photos`)
          .set(as('eng'))
          .set('Content-Type', 'image/png')
          .send(PNG)
          .expect(201);
        continue;
      }
      const body = line.item.type === 'number' ? { value: line.item.key === 'retention-days' ? 30 : 40 } : line.item.type === 'text' ? { value: '好' } : { outcome: 'pass' };
      await platform.http
        .put(`/api/patrols/${id}/lines/${encodeURIComponent(line.lineKey)}`)
        .set(as('eng'))
        .send(body)
        .expect(200);
    }
    await platform.http.post(`/api/patrols/${id}/submit`).set(as('eng')).expect(200);
    await platform.http.post(`/api/patrols/${id}/sign`).set(as('eng')).send({ signerName: '李四', signerTitle: '科长', signature: SIGNATURE }).expect(200);

    const cb = await waitFor(async () =>
      (
        (await platform.http.get(`/api/callbacks?siteId=${siteId}`).set(as('sup')).expect(200)).body.items as {
          id: string;
          patrolId: string | null;
          faultId: string | null;
          assigneeId: string;
          missAt: string;
        }[]
      ).find((c) => c.patrolId === id),
    );
    expect(cb).toMatchObject({ reason: 'patrol', faultId: null, doneBy: [users.eng.id] });
    const assignee = Object.keys(users).find((name) => users[name].id === cb.assigneeId)!;
    expect(['op1', 'op2']).toContain(assignee);
    clock.skipMs += new Date(cb.missAt).getTime() - clock.now().getTime() + 1000;
    const mail = await waitFor(async () => mailsAbout(assignee, cb.id)[0], 20_000);
    expect(mailText(mail)).toContain('callback missed (回访逾期');
    expect(mailText(mail)).toContain('巡检 patrol');
  }, 90_000);

  it("should send a survey as a one-time link to the customer's mail and take the customer's answers through it, once", async () => {
    await platform.http.patch(`/api/customers/${customerId}`).set(admin).send({ contactName: 'Ms Li', contactEmail: 'li@customer.test' }).expect(200);
    const survey = (await platform.http.post('/api/surveys').set(as('op2')).send({ siteId, period: '2026-Q4' }).expect(201)).body as Survey;
    const sent = (await platform.http.post(`/api/surveys/${survey.id}/send`).set(as('op2')).send({ channel: 'mail' }).expect(200)).body as Survey;
    expect(sent).toMatchObject({ state: 'sent', sentAt: expect.any(String) });
    const mail = await waitFor(async () => mailbox.mails.find((m) => m.to.includes('li@customer.test')));
    const token = tokenIn(mail.raw);
    const opened = (await platform.http.get(`/api/links/${token}`).expect(200)).body;
    expect(opened).toMatchObject({ purpose: 'survey', subject: { surveyId: survey.id, period: '2026-Q4' } });
    expect(opened.subject.questions.map((q: { key: string }) => q.key)).toContain('overall');
    // a bad answer leaves the link usable
    await platform.http
      .post(`/api/links/${token}/survey`)
      .send({ answers: [{ key: 'overall', score: 9 }] })
      .expect(400);
    const answers = ['response-speed', 'repair-quality', 'engineer-conduct', 'communication', 'overall'].map((key) => ({ key, score: 9 }));
    await platform.http.post(`/api/links/${token}/survey`).send({ answers, comment: 'quick and polite' }).expect(200);
    await platform.http.post(`/api/links/${token}/survey`).send({ answers }).expect(410);
    const answered = (await platform.http.get(`/api/surveys/${survey.id}`).set(as('sup')).expect(200)).body as Survey;
    expect(answered).toMatchObject({ state: 'answered', channel: 'link', recordedBy: null, comment: 'quick and polite', followUpCallbackId: null });
  }, 60_000);
});

/** The link's token in a mail as it came off the wire: quoted-printable or base64 parts decoded. */
function tokenIn(raw: string): string {
  const texts = [
    raw.replace(/=\r?\n/g, ''),
    ...[...raw.matchAll(/\r?\n\r?\n([A-Za-z0-9+/=\r\n]{40,})/g)].map((m) => Buffer.from(m[1].replace(/\s+/g, ''), 'base64').toString('utf8')),
  ];
  for (const text of texts) {
    const found = /#\/survey\/([A-Za-z0-9_-]{20,})/.exec(text);
    if (found) return found[1];
  }
  throw new Error(`no survey link in the mail: ${raw.slice(0, 500)}`);
}
