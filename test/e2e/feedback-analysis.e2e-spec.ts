import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CallbackRepository, FeedbackRepository, SurveyRepository } from '@vigil/application';
import { DEFAULT_SURVEY_QUESTIONS, DEMO_SLA_POLICY, type Callback, type CallbackResult, type FeedbackEntry, type Survey } from '@vigil/domain';
import { ConsoleAppModule } from '../../apps/console/src/console-app.module';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeSite, uniqueId } from '../support/factories';
import { binary, pdfText } from '../support/pdf';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

/** The platform's clock stands still on 2 December 2026 at noon in Shanghai: what is "open" or "missed" is fixed. */
const NOW = new Date('2026-12-02T12:00:00+08:00');
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const t = (local: string) => new Date(`${local}+08:00`);

// the console's process alone: no scheduler escalates or marks anything while the figures are read
describe.each(databaseTargets())('half-yearly feedback analysis on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  const ids = { contract: '', customer: '', s1: '', s2: '', d1: '', d2: '' };

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { module: ConsoleAppModule, clock: { now: () => new Date(NOW) }, env: { MQTT_CLIENT_ID: `fa-${randomBytes(4).toString('hex')}` } });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    const customer = (
      await platform.http
        .post('/api/customers')
        .set(admin)
        .send({ name: uniqueId('港务公司') })
        .expect(201)
    ).body;
    const contract = (
      await platform.http
        .post('/api/contracts')
        .set(admin)
        .send({ customerId: customer.id, name: '港务监控维保合同', startsOn: '2026-01-01', endsOn: '2027-12-31', slaPolicy: DEMO_SLA_POLICY })
        .expect(201)
    ).body;
    const s1 = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ customerId: customer.id, contractId: contract.id, name: '东门' }))
        .expect(201)
    ).body;
    const s2 = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ customerId: customer.id, contractId: contract.id, name: '西库' }))
        .expect(201)
    ).body;
    const d1 = uniqueId('CAM');
    const d2 = uniqueId('CAM');
    await platform.http.post('/api/devices').set(admin).send({ id: d1, type: 'camera', siteId: s1.id, name: '东门枪机', model: 'DS-X1' }).expect(201);
    await platform.http.post('/api/devices').set(admin).send({ id: d2, type: 'camera', siteId: s1.id, name: '东门球机', model: 'DS-X1' }).expect(201);
    Object.assign(ids, { contract: contract.id, customer: customer.id, s1: s1.id, s2: s2.id, d1, d2 });

    const entry = (over: Partial<FeedbackEntry> & Pick<FeedbackEntry, 'kind' | 'channel' | 'receivedAt'>): FeedbackEntry => ({
      id: randomUUID(),
      customerId: customer.id,
      contractId: contract.id,
      siteId: null,
      deviceId: null,
      faultId: null,
      reporterName: '客户',
      reporterContact: null,
      text: 'seeded',
      handlerId: null,
      state: over.resolvedAt ? 'resolved' : 'open',
      level: null,
      dueAt: null,
      escalationStep: -1,
      confirmationRequired: false,
      resolvedAt: null,
      resolution: over.resolvedAt ? 'done' : null,
      resolvedBy: over.resolvedAt ? 'admin' : null,
      confirmation: null,
      closedAt: null,
      closedBy: null,
      createdBy: 'admin',
      createdAt: over.receivedAt,
      updatedAt: over.receivedAt,
      ...over,
    });
    const feedback = platform.app.get(FeedbackRepository);
    for (const e of [
      // 1: a complaint resolved in 12 h, its due a day after receipt: on time
      entry({
        kind: 'complaint',
        channel: 'phone',
        siteId: s1.id,
        deviceId: d1,
        level: 2,
        receivedAt: t('2026-07-10T10:00:00'),
        dueAt: t('2026-07-11T10:00:00'),
        resolvedAt: t('2026-07-10T22:00:00'),
      }),
      // 2: a complaint resolved in 10 h, its due after 4: late
      entry({
        kind: 'complaint',
        channel: 'wecom',
        siteId: s1.id,
        deviceId: d1,
        level: 1,
        receivedAt: t('2026-08-03T09:00:00'),
        dueAt: t('2026-08-03T13:00:00'),
        resolvedAt: t('2026-08-03T19:00:00'),
      }),
      // 3: received half an hour into October in Shanghai (still 30 September in UTC), never resolved, long past its due
      entry({ kind: 'complaint', channel: 'phone', siteId: s2.id, level: 2, receivedAt: t('2026-10-01T00:30:00'), dueAt: t('2026-10-02T00:30:00') }),
      entry({ kind: 'grumble', channel: 'phone', siteId: s1.id, deviceId: d2, receivedAt: t('2026-08-15T15:00:00') }),
      entry({ kind: 'maintenance-request', channel: 'visit', siteId: s1.id, deviceId: d1, receivedAt: t('2026-11-20T09:00:00') }),
      entry({ kind: 'praise', channel: 'mail', siteId: s2.id, receivedAt: t('2026-07-20T16:00:00') }),
      // of no site, naming the contract
      entry({ kind: 'suggestion', channel: 'survey', receivedAt: t('2026-11-05T10:00:00') }),
      // the first half year: not in the report
      entry({ kind: 'complaint', channel: 'phone', siteId: s1.id, deviceId: d1, level: 3, receivedAt: t('2026-06-30T23:00:00'), dueAt: t('2026-07-03T23:00:00') }),
    ])
      await feedback.insert(e);

    const survey = (siteId: string, answeredAt: Date | null, scores: number[]): Survey => ({
      id: randomUUID(),
      siteId,
      customerId: customer.id,
      contractId: contract.id,
      period: '2026-H2',
      questions: DEFAULT_SURVEY_QUESTIONS.map((q) => ({ ...q })),
      passMark: 8,
      state: answeredAt ? 'answered' : 'sent',
      channel: 'phone',
      answers: answeredAt ? DEFAULT_SURVEY_QUESTIONS.map((q, i) => ({ key: q.key, score: scores[i] })) : [],
      comment: null,
      respondent: answeredAt ? '张科长' : null,
      answeredAt,
      recordedBy: answeredAt ? 'admin' : null,
      followUpCallbackId: null,
      sentAt: null,
      createdAt: t('2026-07-01T00:00:00'),
      updatedAt: t('2026-07-01T00:00:00'),
    });
    const surveys = platform.app.get(SurveyRepository);
    // questions: response speed, repair quality, engineer conduct, communication, overall
    await surveys.insert(survey(s1.id, t('2026-09-10T10:00:00'), [9, 7, 10, 8, 9]));
    await surveys.insert(survey(s2.id, t('2026-12-01T08:00:00'), [6, 8, 9, 7, 7]));
    await surveys.insert({ ...survey(s1.id, t('2026-06-15T10:00:00'), [1, 1, 1, 1, 1]), period: '2026-H1' });
    await surveys.insert(survey(s2.id, null, []));

    const call = (siteId: string, due: Date, result: CallbackResult | null, over: Partial<Callback> = {}): Callback => {
      const id = over.id ?? randomUUID();
      return {
        id,
        siteId,
        customerId: customer.id,
        contractId: contract.id,
        reason: 'phone-fix',
        faultId: null,
        patrolId: null,
        surveyId: null,
        parentId: null,
        rootId: id,
        dueAt: due,
        missAt: new Date(due.getTime() + 3_600_000),
        passMark: 8,
        assigneeId: null,
        doneBy: [],
        state: result ? 'done' : 'due',
        result,
        followUpId: null,
        createdAt: due,
        updatedAt: due,
        ...over,
      };
    };
    const said = (outcome: CallbackResult['outcome'], score: number | null, at: Date): CallbackResult => ({ outcome, score, notes: null, recordedAt: at, recordedBy: 'admin' });
    const callbacks = platform.app.get(CallbackRepository);
    const failed = randomUUID();
    for (const c of [
      call(s1.id, t('2026-07-11T10:00:00'), said('reached', 9, t('2026-07-11T10:20:00'))),
      // a fail, followed up a day later until the customer was satisfied
      call(s1.id, t('2026-08-04T10:00:00'), said('reached', 5, t('2026-08-04T10:30:00')), { id: failed }),
      call(s1.id, t('2026-08-05T10:00:00'), said('reached', 9, t('2026-08-05T10:10:00')), { reason: 'follow-up', parentId: failed, rootId: failed }),
      // never made: missed
      call(s2.id, t('2026-10-10T10:00:00'), null),
      // made two hours after it was due, nobody answered: done late
      call(s2.id, t('2026-11-11T10:00:00'), said('not-reached', null, t('2026-11-11T12:00:00'))),
      // due later this month: open
      call(s2.id, t('2026-12-20T10:00:00'), null),
      // the first half year
      call(s1.id, t('2026-06-20T10:00:00'), said('reached', 2, t('2026-06-20T10:10:00'))),
    ])
      await callbacks.insert(c);
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  it('should give the figures of 2026H2 computed by hand', async () => {
    const r = (await platform.http.get(`/api/reports/feedback-analysis?contractId=${ids.contract}&half=2026H2`).set(admin).expect(200)).body;
    expect(r.period).toEqual({ label: '2026H2', from: '2026-06-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    // seven entries in the half year (the June complaint is the first half's)
    expect(r.feedback.total).toBe(7);
    expect(r.feedback.byKind).toEqual({ complaint: 3, grumble: 1, suggestion: 1, opinion: 0, praise: 1, 'maintenance-request': 1 });
    expect(r.feedback.byChannel).toEqual({ phone: 3, mail: 1, wecom: 1, visit: 1, survey: 1 });
    // the complaint of 00:30 on 1 October in Shanghai is October's, though UTC still says September
    expect(r.feedback.months.map((m: { month: string; total: number }) => [m.month, m.total])).toEqual([
      ['2026-07', 2],
      ['2026-08', 2],
      ['2026-09', 0],
      ['2026-10', 1],
      ['2026-11', 2],
      ['2026-12', 0],
    ]);
    expect(r.feedback.months[3].byKind.complaint).toBe(1);
    // handling: 12 h on time, 10 h late, one open past its due; the median of 12 and 10 is 11
    expect(r.feedback.complaints).toMatchObject({ total: 3, onTime: 1, late: 1, unresolved: 1, unresolvedOverdue: 1, medianHours: 11 });
    expect(r.feedback.complaints.byLevel['1']).toMatchObject({ total: 1, onTime: 0, late: 1, unresolved: 0, medianHours: 10 });
    expect(r.feedback.complaints.byLevel['2']).toMatchObject({ total: 2, onTime: 1, late: 0, unresolved: 1, unresolvedOverdue: 1, medianHours: 12 });
    expect(r.feedback.complaints.byLevel['3']).toMatchObject({ total: 0 });
    // repeat issues (complaints, grumbles, maintenance requests): 东门 four, its 枪机 three, the model four
    expect(r.feedback.repeats.sites).toEqual([{ key: ids.s1, count: 4, name: '东门' }]);
    expect(r.feedback.repeats.devices).toEqual([{ key: ids.d1, count: 3, name: '东门枪机' }]);
    expect(r.feedback.repeats.models).toEqual([{ key: 'DS-X1', count: 4 }]);

    // two surveys answered in the half year: (9, 6), (7, 8), (10, 9), (8, 7), (9, 7); pass mark 8
    expect(r.satisfaction.surveys).toBe(2);
    expect(r.satisfaction.byQuestion.map((q: { key: string; mean: number; count: number; passShare: number }) => [q.key, q.mean, q.count, q.passShare])).toEqual([
      ['response-speed', 7.5, 2, 0.5],
      ['repair-quality', 7.5, 2, 0.5],
      ['engineer-conduct', 9.5, 2, 1],
      ['communication', 7.5, 2, 0.5],
      ['overall', 8, 2, 0.5],
    ]);
    expect(r.satisfaction.byQuestion[0].label).toEqual({ zh: '响应速度', en: 'Response speed' });
    const bySite = Object.fromEntries(
      r.satisfaction.bySite.map((s: { siteName: string; mean: number; count: number; passShare: number }) => [s.siteName, [s.mean, s.count, s.passShare]]),
    );
    // 东门 43 / 5, four of five at 8 or more; 西库 37 / 5, two of five
    expect(bySite).toEqual({ 东门: [8.6, 5, 0.8], 西库: [7.4, 5, 0.4] });

    // six callbacks due in the half year: three on time (one a fail, followed up to a pass), one late, one missed, one ahead
    expect(r.callbacks).toEqual({
      total: 6,
      doneOnTime: 3,
      doneLate: 1,
      missed: 1,
      open: 1,
      reached: 3,
      reachedRate: 0.75,
      meanScore: 7.667,
      fails: 1,
      failsClosed: 1,
    });

    // the same half given as months
    const months = (await platform.http.get(`/api/reports/feedback-analysis?contractId=${ids.contract}&from=2026-07&to=2026-12`).set(admin).expect(200)).body;
    expect(months.feedback).toEqual(r.feedback);
    const bad = await platform.http.get(`/api/reports/feedback-analysis?contractId=${ids.contract}&half=2026H3`).set(admin);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('half');
    expect((await platform.http.get(`/api/reports/feedback-analysis?contractId=${ids.contract}`).set(admin)).status).toBe(400);
    await platform.http.get(`/api/reports/feedback-analysis?contractId=nope&half=2026H2`).set(admin).expect(404);
  });

  it('should print the report with its charts, tables and page numbers', async () => {
    const pdf = await platform.http.get(`/api/reports/feedback-analysis.pdf?contractId=${ids.contract}&half=2026H2`).set(admin).buffer(true).parse(binary).expect(200);
    // kept for a person to look at the charts
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, `feedback-analysis-${target.name}.pdf`), pdf.body as Buffer);
    const text = await pdfText(pdf.body as Buffer);
    for (const expected of [
      '客户反馈半年度分析报告 Half-yearly feedback analysis — 2026H2',
      '港务监控维保合同',
      '2026-07-01 – 2026-12-31 (Asia/Shanghai)',
      '每月反馈（按类别） Entries per month by kind',
      '每月反馈（按渠道） Entries per month by channel',
      '投诉处理时效',
      '东门枪机',
      'DS-X1',
      '响应速度 Response speed',
      '回访结果 Callback results',
      '第 1 页 / 共',
    ])
      expect(text).toContain(expected);
  });
});
