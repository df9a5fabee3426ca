import { PatrolGenerator, SiteVideoProfilesService, VideoEvidenceRecorder, type VideoObservation } from '@vigil/application';
import { DEMO_SLA_POLICY } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeSite, tokensByRole, uniqueId } from '../support/factories';
import { binary, pdfText } from '../support/pdf';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

/**
 * [14] Recorded, kept, usable: a DVR's evidence over November 2026 (Asia/Shanghai) goes in through the recorder ingest
 * feeds, is stored and merged in the database, and comes out as the figures of the API and of the monthly service report,
 * each checked against a value worked out by hand below.
 */
describe.each(databaseTargets())('video figures on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let tokens: Awaited<ReturnType<typeof tokensByRole>>;
  const as = (role: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[role]}` });
  let contractA: string;
  let siteA: string;
  let siteB: string;
  let bOperator: { Authorization: string };
  const dvr = uniqueId('DVR');

  const create = async (url: string, body: object) => (await platform.http.post(url).set(as('admin')).send(body).expect(201)).body;

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db);
    tokens = await tokensByRole(platform, await platform.login());
    const customerA = (await create('/api/customers', { name: uniqueId('video A') })).id;
    const customerB = (await create('/api/customers', { name: uniqueId('video B') })).id;
    const contract = (customerId: string) =>
      create('/api/contracts', {
        customerId,
        name: '录像合同 Video contract',
        startsOn: '2026-01-01',
        endsOn: '2030-12-31',
        timeZone: 'Asia/Shanghai',
        slaPolicy: DEMO_SLA_POLICY,
      });
    contractA = (await contract(customerA)).id;
    const contractB = (await contract(customerB)).id;
    siteA = (await create('/api/sites', { ...makeSite({ customerId: customerA, contractId: contractA, name: '2号监控室' }), timeZone: 'Asia/Shanghai' })).id;
    siteB = (await create('/api/sites', makeSite({ customerId: customerB, contractId: contractB }))).id;
    await create('/api/devices', { id: dvr, type: 'dvr', siteId: siteA, name: '2号录像机' });
    const username = uniqueId('b-operator');
    await create('/api/users', { username, password: 'password-123', role: 'operator', scope: { customerIds: [customerB] } });
    bOperator = { Authorization: `Bearer ${await platform.login(username, 'password-123')}` };

    // what the ingest hot path hands the recorder (heartbeats of the DVR, VQD results), at their receipt times
    await platform.app.get(SiteVideoProfilesService).refresh();
    const recorder = platform.app.get(VideoEvidenceRecorder);
    const heartbeat = (at: string, channels: { ch: number; recordedSec: number; oldestRecording: string; gaps?: { from: Date; to: Date }[] }[]) =>
      recorder.observe({ deviceId: dvr, siteId: siteA, at: new Date(at), channels: channels.map((c) => ({ ...c, recording: true })) });
    const vqd = (at: string, failed: NonNullable<VideoObservation['vqd']>['failed']) =>
      recorder.observe({ deviceId: dvr, siteId: siteA, at: new Date(at), vqd: { ch: 1, failed, passed: [] } });
    // 1 November (local): first heard at midnight; both channels record all day, keeping recordings since 15 September
    heartbeat('2026-10-31T16:00:00Z', [
      { ch: 1, recordedSec: 0, oldestRecording: '2026-09-15' },
      { ch: 2, recordedSec: 0, oldestRecording: '2026-09-15' },
    ]);
    heartbeat('2026-11-01T15:59:59Z', [
      { ch: 1, recordedSec: 86_399, oldestRecording: '2026-09-15' },
      { ch: 2, recordedSec: 86_399, oldestRecording: '2026-09-15' },
    ]);
    vqd('2026-11-01T04:00:00Z', []);
    await recorder.flush();
    // 2 November: channel 1 alone, a two-hour gap 10:00–12:00 local, recordings kept only since 10 October (23 days < 30)
    const gap = { from: new Date('2026-11-02T02:00:00Z'), to: new Date('2026-11-02T04:00:00Z') };
    heartbeat('2026-11-01T16:00:00Z', [{ ch: 1, recordedSec: 0, oldestRecording: '2026-10-10' }]);
    heartbeat('2026-11-02T15:59:59Z', [{ ch: 1, recordedSec: 86_399 - 7200, oldestRecording: '2026-10-10', gaps: [gap] }]);
    vqd('2026-11-02T05:00:00Z', ['blur']);
    await recorder.flush();
    // a second writer with an older, lower count of the same day must not lower what is stored
    heartbeat('2026-11-02T06:00:00Z', [{ ch: 1, recordedSec: 100, oldestRecording: '2026-10-10' }]);
    await recorder.flush();
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  // by hand: ch1 1 Nov 86,399 of 86,399 s; ch1 2 Nov 79,199 of 86,399; ch2 1 Nov 86,399 of 86,399 (2 Nov: no report, unknown)
  const dayTwo = Math.round((79_199 / 86_399) * 10_000) / 10_000; // 0.9167
  const month = Math.round(((86_399 + 79_199 + 86_399) / (3 * 86_399)) * 10_000) / 10_000; // 0.9722
  // retention: 3 channel-days reported, 2 keep ≥ 30 days; VQD: 2 channel-days with results, 1 with none failed
  const retention = Math.round((2 / 3) * 10_000) / 10_000;
  // unknown: ch1 3–30 November (28 days), ch2 2–30 November (29 days)
  const unknown = 28 + 29;

  it('should put the day of a two-hour gap below 100 % and give the month as worked out by hand', async () => {
    expect(dayTwo).toBe(0.9167);
    const day = (await platform.http.get(`/api/video/figures?siteId=${siteA}&day=2026-11-02`).set(as('engineer')).expect(200)).body;
    expect(day.sites[0].days).toEqual([expect.objectContaining({ day: '2026-11-02', completeness: dayTwo, retentionCompliance: 0, intactRate: 0, unknownChannelDays: 1 })]);
    expect(day.completeness).toBeLessThan(1);

    const r = (await platform.http.get(`/api/video/figures?contractId=${contractA}&month=2026-11`).set(as('supervisor')).expect(200)).body;
    expect(r).toMatchObject({ period: { month: '2026-11' }, contract: { id: contractA, timeZone: 'Asia/Shanghai' } });
    expect(r).toMatchObject({ completeness: month, retentionCompliance: retention, intactRate: 0.5, onlineRate: null, reportedChannelDays: 3, unknownChannelDays: unknown });
    const [site] = r.sites;
    expect(site).toMatchObject({ siteId: siteA, siteName: '2号监控室', timeZone: 'Asia/Shanghai', completeness: month });
    expect(site.days).toHaveLength(30);
    expect(site.days[0]).toMatchObject({ day: '2026-11-01', completeness: 1, retentionCompliance: 1, intactRate: 1 });
    // 3 November: neither channel said anything: not known, not zero
    expect(site.days[2]).toMatchObject({ day: '2026-11-03', completeness: null, retentionCompliance: null, intactRate: null, unknownChannelDays: 2 });
    const [device] = site.devices;
    expect(device).toMatchObject({ deviceId: dvr, deviceName: '2号录像机' });
    expect(device.channels.map((c: { ch: number; completeness: number }) => [c.ch, c.completeness])).toEqual([
      [1, Math.round(((86_399 + 79_199) / (2 * 86_399)) * 10_000) / 10_000],
      [2, 1],
    ]);
  });

  it('should show the same figures in the monthly service report, JSON and PDF, unknown as —', async () => {
    const report = (await platform.http.get(`/api/reports/service?contractId=${contractA}&period=2026-11`).set(as('auditor')).expect(200)).body;
    expect(report.video).toMatchObject({ completeness: month, retentionCompliance: retention, intactRate: 0.5, onlineRate: null, unknownChannelDays: unknown });
    expect(report.video.bySite).toEqual([
      {
        siteId: siteA,
        siteName: '2号监控室',
        timeZone: 'Asia/Shanghai',
        completeness: month,
        retentionCompliance: retention,
        intactRate: 0.5,
        onlineRate: null,
        reportedChannelDays: 3,
        unknownChannelDays: unknown,
      },
    ]);
    const pdf = await platform.http.get(`/api/reports/service.pdf?contractId=${contractA}&period=2026-11`).set(as('supervisor')).buffer(true).parse(binary).expect(200);
    const printed = await pdfText(pdf.body as Buffer);
    expect(printed).toContain('录像完整率');
    expect(printed).toContain('2号监控室 (Asia/Shanghai)');
    expect(printed).toContain('97.2 %');
    expect(printed).toContain('66.7 %');
  });

  it("should pre-fill the monthly checklist's retention line from the evidence of the DVR's latest day, shown as evidence", async () => {
    const plan = (
      await platform.http
        .post('/api/patrol-plans')
        .set(as('supervisor'))
        .send({ kind: 'monthly', siteIds: [siteA], startsOn: '2026-01-01' })
        .expect(201)
    ).body;
    await platform.app.get(PatrolGenerator).generate();
    const patrols = (await platform.http.get(`/api/patrols?siteId=${siteA}`).set(as('engineer')).expect(200)).body.items as { id: string; planId: string }[];
    const patrol = patrols.find((p) => p.planId === plan.id)!;
    const detail = (await platform.http.get(`/api/patrols/${patrol.id}`).set(as('engineer')).expect(200)).body;
    const line = detail.lines.find((l: { lineKey: string }) => l.lineKey === `retention-days@${dvr}`);
    // 2 November is the latest day reported: channel 1 kept recordings since 10 October, 23 days of the 30 required
    expect(line.videoEvidence).toMatchObject({ kind: 'retention', deviceId: dvr, day: '2026-11-02', ok: false, value: 23, requiredDays: 30 });
    expect(line.result).toBeNull();
  });

  it("should keep another customer's user out (404) and refuse bad query strings with 400", async () => {
    await platform.http.get(`/api/video/figures?contractId=${contractA}&month=2026-11`).set(bOperator).expect(404);
    await platform.http.get(`/api/video/figures?siteId=${siteA}&month=2026-11`).set(bOperator).expect(404);
    const own = await platform.http.get('/api/video/figures?month=2026-11').set(bOperator).expect(200);
    expect(own.body.sites.map((s: { siteId: string }) => s.siteId)).toEqual([siteB]);
    expect(own.text).not.toContain(dvr);
    for (const q of [
      'month=2026-13',
      'month=11-2026',
      'day=2026-02-30',
      'day=yesterday',
      'month=2026-11&day=2026-11-02',
      `contractId=${'x'.repeat(40)}`,
      `contractId=${contractA}&siteId=${siteA}`,
    ]) {
      const res = await platform.http.get(`/api/video/figures?${q}`).set(as('supervisor'));
      expect([q, res.status]).toEqual([q, 400]);
    }
    await platform.http.get('/api/video/figures?contractId=no-such&month=2026-11').set(as('supervisor')).expect(404);
    await platform.http.get('/api/video/figures?month=2026-11').expect(401);
  });
});
