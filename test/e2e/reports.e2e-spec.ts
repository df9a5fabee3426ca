import { randomBytes } from 'node:crypto';
import { IngestService } from '@vigil/application';
import { DEMO_SLA_POLICY } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet } from '../support/device-client';
import { makeSite, tokensByRole, uniqueId } from '../support/factories';
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
    const customer = (await platform.http.post('/api/customers').set(as('admin')).send({ name: uniqueId('customer') }).expect(201)).body;
    const contract = (await platform.http.post('/api/contracts').set(as('admin')).send({
      customerId: customer.id, name: '青岛运维合同 Qingdao O&M', startsOn: '2026-01-01', endsOn: '2030-12-31', slaPolicy: DEMO_SLA_POLICY,
    }).expect(201)).body;
    const site = (await platform.http.post('/api/sites').set(as('admin')).send(makeSite({ customerId: customer.id, contractId: contract.id, name: '1号监控室' })).expect(201)).body;
    const cam = uniqueId('CAM');
    await platform.http.post('/api/devices').set(as('admin')).send({ id: cam, type: 'camera', siteId: site.id, heartbeatIntervalSec: 60, model: 'DS-2CD3T47' }).expect(201);
    await waitFor(async () => platform.app.get(IngestService).stateOf(cam) !== undefined);

    const device = await DeviceFleet.connect(platform);
    const open = async () => (await platform.http.get(`/api/faults?deviceId=${cam}&state=open`).set(as('operator')).expect(200)).body.items;
    try {
      for (let round = 0; round < 2; round += 1) {
        await device.heartbeat(cam, { health: { video: 'lost' } });
        const [fault] = await waitFor(async () => { const items = await open(); return items.length === 1 ? items : null; });
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
    expect(report.faults).toMatchObject({ total: 2, byLevel: { 1: 0, 2: 0, 3: 2, 4: 0 } });
    expect(report.faults.mttaMinutes).toEqual(expect.any(Number));
    expect(report.faults.mttrMinutes).toEqual(expect.any(Number));
    expect(report.sla.respond).toMatchObject({ met: 2, breached: 0, compliance: 1 });
    expect(report.repeatFaults).toEqual([{ deviceId: cam, kind: 'video-loss', count: 2 }]);
    expect(report.failingModels).toEqual([{ model: 'DS-2CD3T47', faults: 2 }]);
    expect(report.online.bySite).toEqual([expect.objectContaining({ key: site.id, siteName: '1号监控室', onlineRate: expect.any(Number) })]);
    expect(report.online.byDeviceType).toEqual([expect.objectContaining({ key: 'camera' })]);

    const pdf = await platform.http.get(`/api/reports/service.pdf?contractId=${contract.id}&period=${period}`).set(as('supervisor')).buffer(true).parse(binary).expect(200);
    const printed = await pdfText(pdf.body as Buffer);
    expect(printed).toContain('月度运维报告 Monthly service report');
    expect(printed).toContain('青岛运维合同');
    expect(printed).toContain('DS-2CD3T47');
    await platform.http.get(`/api/reports/service?contractId=${contract.id}&period=${period}`).set(as('engineer')).expect(403);
    await platform.http.get(`/api/reports/service?contractId=${contract.id}&period=2026-13`).set(as('auditor')).expect(400);
    await platform.http.get(`/api/reports/service?contractId=nope&period=${period}`).set(as('auditor')).expect(404);
  });
});
