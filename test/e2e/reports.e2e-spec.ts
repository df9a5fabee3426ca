import { randomBytes } from 'node:crypto';
import { IngestService, PatrolGenerator } from '@vigil/application';
import { DEMO_SLA_POLICY } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet } from '../support/device-client';
import { makeSite, tokensByRole, uniqueId } from '../support/factories';
import { backdateInstallation } from '../support/installation';
import { binary, pdfText } from '../support/pdf';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

describe.each(databaseTargets())('monthly service report on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let tokens: Awaited<ReturnType<typeof tokensByRole>>;
  const as = (role: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[role]}` });

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { env: { VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `r-${randomBytes(4).toString('hex')}` } });
    tokens = await tokensByRole(platform, await platform.login());
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  it('should report the month of a contract: online rate per site and type, faults by level, SLA, MTTA/MTTR, repeats, models, as JSON and PDF', async () => {
    const customer = (
      await platform.http
        .post('/api/customers')
        .set(as('admin'))
        .send({ name: uniqueId('customer') })
        .expect(201)
    ).body;
    const contract = (
      await platform.http
        .post('/api/contracts')
        .set(as('admin'))
        .send({
          customerId: customer.id,
          name: '青岛运维合同 Qingdao O&M',
          startsOn: '2026-01-01',
          endsOn: '2030-12-31',
          slaPolicy: DEMO_SLA_POLICY,
        })
        .expect(201)
    ).body;
    const site = (
      await platform.http
        .post('/api/sites')
        .set(as('admin'))
        .send(makeSite({ customerId: customer.id, contractId: contract.id, name: '1号监控室' }))
        .expect(201)
    ).body;
    const cam = uniqueId('CAM');
    await platform.http
      .post('/api/devices')
      .set(as('admin'))
      .send({ id: cam, type: 'camera', siteId: site.id, name: '大门枪机', heartbeatIntervalSec: 60, model: 'DS-2CD3T47' })
      .expect(201);
    await waitFor(async () => platform.app.get(IngestService).stateOf(cam) !== undefined);

    const device = await DeviceFleet.connect(platform);
    const open = async () => (await platform.http.get(`/api/faults?deviceId=${cam}&state=open`).set(as('operator')).expect(200)).body.items;
    try {
      for (let round = 0; round < 2; round += 1) {
        await device.heartbeat(cam, { health: { video: 'lost' } });
        const [fault] = await waitFor(async () => {
          const items = await open();
          return items.length === 1 ? items : null;
        });
        await platform.http.post(`/api/faults/${fault.id}/acknowledge`).set(as('operator')).send({}).expect(200);
        await device.heartbeat(cam, { health: { video: 'ok' } });
        await waitFor(async () => (await open()).length === 0);
      }
    } finally {
      await device.close();
    }
    const ingest = platform.app.get(IngestService);
    ingest.accountOnlineTime(new Date(Date.now() + 60_000));
    await ingest.flush();

    const period = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7);
    const report = (await platform.http.get(`/api/reports/service?contractId=${contract.id}&period=${period}`).set(as('auditor')).expect(200)).body;
    expect(report.contract).toMatchObject({ id: contract.id, timeZone: 'Asia/Shanghai' });
    expect(report.faults).toMatchObject({ total: 2, byLevel: { 1: 0, 2: 0, 3: 2, 4: 0 }, handled: 2, selfCleared: { count: 0, medianMinutes: null } });
    expect(report.faults.mttaMinutes).toEqual(expect.any(Number));
    expect(report.faults.mttrMinutes).toEqual(expect.any(Number));
    expect(report.sla.respond).toMatchObject({ met: 2, breached: 0, compliance: 1 });
    // the device by its name for people, its id beside it
    expect(report.repeatFaults).toEqual([{ deviceId: cam, deviceName: '大门枪机', kind: 'video-loss', count: 2 }]);
    expect(report.failingModels).toEqual([{ model: 'DS-2CD3T47', faults: 2 }]);
    expect(report.online.bySite).toEqual([expect.objectContaining({ key: site.id, siteName: '1号监控室', onlineRate: expect.any(Number) })]);
    expect(report.online.byDeviceType).toEqual([expect.objectContaining({ key: 'camera' })]);

    const pdf = await platform.http.get(`/api/reports/service.pdf?contractId=${contract.id}&period=${period}`).set(as('supervisor')).buffer(true).parse(binary).expect(200);
    const printed = await pdfText(pdf.body as Buffer);
    expect(printed).toContain('月度运维报告 Monthly service report');
    expect(printed).toContain('青岛运维合同');
    expect(printed).toContain('DS-2CD3T47');
    expect(printed).toContain(`大门枪机 (${cam})`);
    await platform.http.get(`/api/reports/service?contractId=${contract.id}&period=${period}`).set(as('engineer')).expect(403);
    await platform.http.get(`/api/reports/service?contractId=${contract.id}&period=2026-13`).set(as('auditor')).expect(400);
    await platform.http.get(`/api/reports/service?contractId=nope&period=${period}`).set(as('auditor')).expect(404);
  });

  it('should take MTTA and MTTR over the faults people handled, count self-cleared ones apart, and rate patrols on time over those already due', async () => {
    // an install older than the plans below, so their weeks since last month are all there
    await backdateInstallation(platform, '2026-01-01T00:00:00+08:00');
    const customer = (
      await platform.http
        .post('/api/customers')
        .set(as('admin'))
        .send({ name: uniqueId('customer') })
        .expect(201)
    ).body;
    const contract = (
      await platform.http
        .post('/api/contracts')
        .set(as('admin'))
        .send({
          customerId: customer.id,
          name: 'Figures contract',
          startsOn: '2026-01-01',
          endsOn: '2030-12-31',
          slaPolicy: DEMO_SLA_POLICY,
        })
        .expect(201)
    ).body;
    const site = (
      await platform.http
        .post('/api/sites')
        .set(as('admin'))
        .send(makeSite({ customerId: customer.id, contractId: contract.id }))
        .expect(201)
    ).body;
    const cam = uniqueId('CAM');
    await platform.http.post('/api/devices').set(as('admin')).send({ id: cam, type: 'camera', siteId: site.id, heartbeatIntervalSec: 60, model: 'DS-2CD2T47' }).expect(201);
    await waitFor(async () => platform.app.get(IngestService).stateOf(cam) !== undefined);

    // the dashboard's MTTR trend follows the same rule
    const trendTotals = async () => {
      const { mttr } = (await platform.http.get('/api/dashboard/trends?range=24h').set(as('operator')).expect(200)).body as { mttr: { restored: number; selfCleared: number }[] };
      return { restored: mttr.reduce((n, p) => n + p.restored, 0), selfCleared: mttr.reduce((n, p) => n + p.selfCleared, 0) };
    };
    const trendBefore = await trendTotals();

    // one fault an operator acknowledged, one that cleared before anyone acted
    const device = await DeviceFleet.connect(platform);
    const open = async () => (await platform.http.get(`/api/faults?deviceId=${cam}&state=open`).set(as('operator')).expect(200)).body.items;
    try {
      for (const acknowledged of [true, false]) {
        await device.heartbeat(cam, { health: { video: 'lost' } });
        const [fault] = await waitFor(async () => {
          const items = await open();
          return items.length === 1 ? items : null;
        });
        if (acknowledged) await platform.http.post(`/api/faults/${fault.id}/acknowledge`).set(as('operator')).send({}).expect(200);
        await device.heartbeat(cam, { health: { video: 'ok' } });
        await waitFor(async () => (await open()).length === 0);
      }
    } finally {
      await device.close();
    }

    expect(await trendTotals()).toEqual({ restored: trendBefore.restored + 1, selfCleared: trendBefore.selfCleared + 1 });

    // this month's patrols: the weeks so far, the month's (done early), the half-year's (due at its end)
    const startsOn = new Date(Date.now() - 40 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    for (const kind of ['weekly-power-on', 'monthly', 'half-yearly']) {
      await platform.http
        .post('/api/patrol-plans')
        .set(as('supervisor'))
        .send({ contractId: contract.id, siteIds: [site.id], kind, startsOn })
        .expect(201);
    }
    await platform.app.get(PatrolGenerator).generate();
    const period = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7);
    const listed = async () =>
      (await platform.http.get(`/api/patrols?siteId=${site.id}&period=${period}`).set(as('supervisor')).expect(200)).body.items as {
        id: string;
        kind: string;
        dueAt: string;
        submittedAt: string | null;
      }[];
    const monthly = (await listed()).find((p) => p.kind === 'monthly')!;
    await platform.http.post(`/api/patrols/${monthly.id}/start`).set(as('supervisor')).expect(200);
    const detail = (await platform.http.get(`/api/patrols/${monthly.id}`).set(as('supervisor')).expect(200)).body;
    for (const line of detail.lines.filter((l: { item: { required: boolean } }) => l.item.required)) {
      const body = line.item.type === 'number' ? { value: line.item.min ?? 0 } : line.item.type === 'text' ? { value: '好' } : { outcome: 'pass' };
      await platform.http
        .put(`/api/patrols/${monthly.id}/lines/${encodeURIComponent(line.lineKey)}`)
        .set(as('supervisor'))
        .send(body)
        .expect(200);
    }
    await platform.http.post(`/api/patrols/${monthly.id}/submit`).set(as('supervisor')).expect(200);

    const patrols = await listed();
    const report = (await platform.http.get(`/api/reports/service?contractId=${contract.id}&period=${period}`).set(as('auditor')).expect(200)).body;
    const now = Date.now();
    const overdue = patrols.filter((p) => !p.submittedAt && new Date(p.dueAt).getTime() < now).length;
    const settled = overdue + 1;
    expect(patrols.length).toBeGreaterThanOrEqual(3);
    expect(report.faults).toMatchObject({
      total: 2,
      handled: 1,
      mttaMinutes: expect.any(Number),
      mttrMinutes: expect.any(Number),
      selfCleared: { count: 1, medianMinutes: expect.any(Number) },
    });
    expect(report.patrols).toEqual({
      total: patrols.length,
      settled,
      onTime: 1,
      late: 0,
      overdue,
      notYetDue: patrols.length - settled,
      signed: 0,
      onTimeRate: Math.round((1 / settled) * 1000) / 1000,
    });
    // the half-year's patrol is still ahead: it is in the total, not in the rate
    expect(report.patrols.notYetDue).toBeGreaterThanOrEqual(1);

    const pdf = await platform.http.get(`/api/reports/service.pdf?contractId=${contract.id}&period=${period}`).set(as('supervisor')).buffer(true).parse(binary).expect(200);
    const printed = await pdfText(pdf.body as Buffer);
    expect(printed).toContain('Cleared by themselves');
    expect(printed).toContain(`1 / ${settled}`);
    expect(printed).toContain('Not yet due');
  });
});
