import { randomBytes } from 'node:crypto';
import { DEMO_CONTRACT_ID } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { createUser, type TestUser } from '../support/factories';
import { mailText, startMailbox } from '../support/receivers';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

interface Level {
  storeId: string;
  partModelId: string;
  onHand: number;
  reserved: number;
  available: number;
  minimum: number;
  belowMinimum: boolean;
  reorderAlerted: boolean;
}

// spare parts on the demo estate: a DVR's disk fails, a disk is reserved from the engineer's van, fitted with its serials
describe.each(databaseTargets())('spare parts on the demo estate on $name', (dbTarget) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let admin: { Authorization: string };
  let sup: TestUser;
  let op: TestUser;
  let eng: TestUser;
  let auditor: TestUser;
  const as = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });

  beforeAll(async () => {
    db = await dbTarget.create();
    mailbox = await startMailbox();
    platform = await startTestPlatform(db, {
      mqttUrl: null,
      env: {
        VIGIL_DEMO: '1',
        SMTP_URL: mailbox.url,
        VIGIL_PUBLIC_URL: 'https://vigil.example',
        VIGIL_ALERT_DIGEST_SEC: '2',
        MQTT_CLIENT_ID: `parts-${randomBytes(4).toString('hex')}`,
      },
    });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    sup = await createUser(platform, admin, 'supervisor', 'parts-sup');
    op = await createUser(platform, admin, 'operator', 'parts-op');
    eng = await createUser(platform, admin, 'engineer', 'parts-eng');
    auditor = await createUser(platform, admin, 'auditor', 'parts-aud');
  }, 90_000);

  afterAll(async () => {
    await platform?.close();
    await mailbox?.close();
    await db?.drop();
  });

  const levelOf = async (storeId: string, partModelId: string) =>
    ((await platform.http.get(`/api/stock?storeId=${storeId}&partModelId=${partModelId}`).set(as(eng)).expect(200)).body as Level[])[0];

  it('should reserve a disk from the van for a failed DVR disk, fit it with its serials, take it off stock and alert a supervisor once at the minimum', async () => {
    const stores = (await platform.http.get('/api/stores').set(as(eng)).expect(200)).body as { id: string; name: string; kind: string }[];
    const van = stores.find((s) => s.kind === 'van')!;
    const central = stores.find((s) => s.kind === 'central')!;
    expect(central.name).toContain('青岛中心库');
    // the demo's central store has the id its loaner units name
    expect(central.id).toBe('central');
    // this van is the engineer's: its reorder alerts reach them too
    await platform.http.patch(`/api/stores/${van.id}`).set(admin).send({ ownerId: eng.id }).expect(200);
    const models = (await platform.http.get('/api/part-models').set(as(eng)).expect(200)).body as { id: string; sku: string; compatibleModels: string[] }[];
    const disk = models.find((m) => m.sku === 'HDD-4T-SURV')!;
    const psu = models.find((m) => m.sku === 'PSU-12V-2A')!;
    expect(await levelOf(van.id, disk.id)).toMatchObject({ onHand: 2, reserved: 0, minimum: 1, belowMinimum: false });

    const dvr = ((await platform.http.get('/api/devices?type=dvr&limit=1').set(admin).expect(200)).body.items as { id: string; siteId: string; model: string }[])[0];
    expect(disk.compatibleModels).toContain(dvr.model);
    const fault = (
      await platform.http
        .post('/api/faults')
        .set(as(op))
        .send({ siteId: dvr.siteId, deviceId: dvr.id, kind: 'damaged', description: '硬盘故障 disk 1 failed', reporter: 'guard', channel: 'phone' })
        .expect(201)
    ).body as { id: string };

    // a camera's power supply does not fit a DVR: refused, naming the part model
    const wrong = await platform.http.post(`/api/faults/${fault.id}/parts`).set(as(eng)).send({ partModelId: psu.id, storeId: van.id }).expect(400);
    expect(wrong.body.field).toBe('partModelId');
    // an auditor reads, never reserves
    await platform.http.post(`/api/faults/${fault.id}/parts`).set(as(auditor)).send({ partModelId: disk.id, storeId: van.id }).expect(403);

    const reserved = (await platform.http.post(`/api/faults/${fault.id}/parts`).set(as(eng)).send({ partModelId: disk.id, storeId: van.id }).expect(201)).body;
    expect(reserved).toMatchObject({ state: 'reserved', storeId: van.id, partModel: { sku: 'HDD-4T-SURV' } });
    // one left available, the van's minimum: the reorder alert reaches the supervisor through the alert budget
    expect(await levelOf(van.id, disk.id)).toMatchObject({ onHand: 2, reserved: 1, available: 1, belowMinimum: true });
    const below = (await platform.http.get('/api/stock?belowMinimum=1').set(as(sup)).expect(200)).body as Level[];
    expect(below.map((l) => `${l.storeId}/${l.partModelId}`)).toContain(`${van.id}/${disk.id}`);
    const reorderMails = () => mailbox.mails.filter((m) => m.to.includes(sup.email) && mailText(m).includes('HDD-4T-SURV'));
    const mail = await waitFor(async () => reorderMails()[0], 20_000);
    expect(mailText(mail)).toContain('备件补货 reorder');
    await waitFor(async () => mailbox.mails.some((m) => m.to.includes(eng.email) && mailText(m).includes('HDD-4T-SURV')), 20_000);
    // an operator runs no store: not paged about stock
    expect(mailbox.mails.some((m) => m.to.includes(op.email) && mailText(m).includes('HDD-4T-SURV'))).toBe(false);
    expect(mailText(mail)).toContain('#/stores');

    await platform.http.post(`/api/faults/${fault.id}/parts/${reserved.id}/issue`).set(as(eng)).send({}).expect(200);
    const fitted = (await platform.http.post(`/api/faults/${fault.id}/parts/${reserved.id}/fit`).set(as(eng)).send({ serialIn: 'ZL2NEW0001', serialOut: 'ZL2OLD0999' }).expect(200))
      .body;
    expect(fitted).toMatchObject({ state: 'fitted', serialIn: 'ZL2NEW0001', serialOut: 'ZL2OLD0999', issuedTo: eng.id });
    expect(new Date(fitted.warrantyUntil).getTime() - new Date(fitted.fittedAt).getTime()).toBeGreaterThan(3 * 365 * 86_400_000 - 86_400_000);
    // the device's warranty lists the part fitted on it, under the part's own warranty
    const warranty = (await platform.http.get(`/api/devices/${dvr.id}/warranty`).set(as(auditor)).expect(200)).body;
    expect(warranty.parts).toEqual([
      expect.objectContaining({ partId: reserved.id, faultId: fault.id, sku: 'HDD-4T-SURV', serialIn: 'ZL2NEW0001', serialOut: 'ZL2OLD0999', inWarranty: true }),
    ]);
    // and the device's maintenance archive has the part fitted, with its serials, for the fault
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());
    const archive = (await platform.http.get(`/api/archive?deviceId=${dvr.id}&from=${month}&to=${month}&kinds=part`).set(as(auditor)).expect(200)).body;
    expect(archive.items).toEqual([
      expect.objectContaining({
        kind: 'part',
        deviceId: dvr.id,
        ref: { type: 'fault', id: fault.id },
        facts: expect.objectContaining({ sku: 'HDD-4T-SURV', serialIn: 'ZL2NEW0001', serialOut: 'ZL2OLD0999' }),
      }),
    ]);
    expect(archive.items[0].text.zh).toContain('ZL2NEW0001');
    // stock down by one on the fit, the reservation released; still at the minimum: no second alert for the same crossing
    expect(await levelOf(van.id, disk.id)).toMatchObject({ onHand: 1, reserved: 0, available: 1, reorderAlerted: true });
    await platform.http.post(`/api/faults/${fault.id}/parts/${reserved.id}/return`).set(as(eng)).send({}).expect(409);
    // the fault's service record lists the part fitted, with both serials
    const record = (await platform.http.post('/api/service-records').set(as(eng)).send({ kind: 'fault', jobId: fault.id, workDone: '更换硬盘 disk replaced' }).expect(201)).body;
    expect(record.partsUsed).toContain('HDD-4T-SURV');
    expect(record.partsUsed).toContain('ZL2NEW0001');
    expect(record.partsUsed).toContain('ZL2OLD0999');

    const parts = (await platform.http.get(`/api/faults/${fault.id}/parts`).set(as(auditor)).expect(200)).body as { state: string }[];
    expect(parts.map((p) => p.state)).toEqual(['fitted']);
    const movements = (await platform.http.get(`/api/stock/movements?faultId=${fault.id}`).set(as(auditor)).expect(200)).body.items as { kind: string; actor: string }[];
    expect(movements.map((m) => m.kind).sort()).toEqual(['fit', 'issue', 'reserve']);
    const csv = (await platform.http.get(`/api/stock/movements.csv?faultId=${fault.id}`).set(as(auditor)).expect(200)).text;
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('ZL2NEW0001');
    expect(csv).toContain('(Asia/Shanghai)');

    // restocked from the central store: back above the minimum, then down to it again is a new crossing and a new alert
    await platform.http
      .post('/api/stock/transfer')
      .set(as(sup))
      .send({ fromStoreId: central.id, toStoreId: van.id, partModelId: disk.id, quantity: 2, reason: 'restock van' })
      .expect(200);
    expect(await levelOf(van.id, disk.id)).toMatchObject({ onHand: 3, belowMinimum: false, reorderAlerted: false });
    expect(reorderMails()).toHaveLength(1);
    await platform.http.post('/api/stock/adjust').set(as(sup)).send({ storeId: van.id, partModelId: disk.id, delta: -2, reason: '盘点 stocktake: two broken' }).expect(200);
    await waitFor(async () => reorderMails().length === 2, 20_000);
    // an engineer does not change counts; a count never goes below what is reserved
    await platform.http.post('/api/stock/adjust').set(as(eng)).send({ storeId: van.id, partModelId: disk.id, delta: 1, reason: 'x' }).expect(403);
    const tooMany = await platform.http.post('/api/stock/adjust').set(as(sup)).send({ storeId: van.id, partModelId: disk.id, delta: -5, reason: 'lost' }).expect(409);
    expect(tooMany.body.code).toBe('not-enough-stock');
  }, 120_000);

  it('should pause the SLA waiting for a part only where the contract allows it, resume it on a cancel, and report the month', async () => {
    const stores = (await platform.http.get('/api/stores').set(as(sup)).expect(200)).body as { id: string; kind: string }[];
    const central = stores.find((s) => s.kind === 'central')!;
    const disk = ((await platform.http.get('/api/part-models').set(as(sup)).expect(200)).body as { id: string; sku: string }[]).find((m) => m.sku === 'HDD-4T-SURV')!;
    const nvr = ((await platform.http.get('/api/devices?type=nvr&limit=1').set(admin).expect(200)).body.items as { id: string; siteId: string }[])[0];
    const fault = (
      await platform.http
        .post('/api/faults')
        .set(as(op))
        .send({ siteId: nvr.siteId, deviceId: nvr.id, kind: 'damaged', description: 'disk clicking', reporter: 'guard', channel: 'phone' })
        .expect(201)
    ).body as { id: string };
    const before = await levelOf(central.id, disk.id);
    const part = (await platform.http.post(`/api/faults/${fault.id}/parts`).set(as(op)).send({ partModelId: disk.id, storeId: central.id }).expect(201)).body;
    const refused = await platform.http.post(`/api/faults/${fault.id}/parts/${part.id}/wait`).set(as(op)).send({}).expect(409);
    expect(refused.body.code).toBe('contract-forbids-part-pause');
    // once the contract allows it, the fault waits for the part with its SLA paused, and the wait ends with the part's cancel
    await platform.http
      .put(`/api/contracts/${DEMO_CONTRACT_ID}/parts-terms`)
      .set(admin)
      .send({ settings: { pauseWhileWaitingForPart: true } })
      .expect(200);
    await platform.http.post(`/api/faults/${fault.id}/parts/${part.id}/wait`).set(as(op)).send({}).expect(200);
    const paused = (await platform.http.get(`/api/faults/${fault.id}`).set(as(op)).expect(200)).body as { pauses: { to: string | null; reason: string }[] };
    expect(paused.pauses).toEqual([expect.objectContaining({ to: null, reason: expect.stringContaining('waiting for part: DVR/NVR 监控硬盘 4TB') })]);
    await platform.http.post(`/api/faults/${fault.id}/parts/${part.id}/cancel`).set(as(op)).send({ reason: 'fixed by a reboot' }).expect(200);
    expect(await levelOf(central.id, disk.id)).toMatchObject({ onHand: before.onHand, reserved: before.reserved });
    const resumed = (await platform.http.get(`/api/faults/${fault.id}`).set(as(op)).expect(200)).body as { pauses: { to: string | null }[] };
    expect(resumed.pauses.every((p) => p.to !== null)).toBe(true);

    const month = new Date().toISOString().slice(0, 7);
    const report = (await platform.http.get(`/api/reports/parts?contractId=${DEMO_CONTRACT_ID}&period=${month}`).set(as(auditor)).expect(200)).body;
    expect(report.consumed).toEqual([expect.objectContaining({ sku: 'HDD-4T-SURV', quantity: 1, costCents: 68_000 })]);
    expect(report.stockValueCents).toBeGreaterThan(0);
    expect(report.breachedWaitingForPart).toEqual([]);
    // and in the monthly service report, its PDF beside it
    const service = (await platform.http.get(`/api/reports/service?contractId=${DEMO_CONTRACT_ID}&period=${month}`).set(as(auditor)).expect(200)).body;
    expect(service.parts).toMatchObject({ consumedCostCents: 68_000, consumed: [expect.objectContaining({ sku: 'HDD-4T-SURV' })] });
    await platform.http.get(`/api/reports/service.pdf?contractId=${DEMO_CONTRACT_ID}&period=${month}`).set(as(auditor)).expect(200);
  }, 60_000);
});
