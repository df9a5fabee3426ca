import { AlertQueue, NotificationLog } from '@vigil/application';
import { randomBytes } from 'node:crypto';
import { brokerTargets, databaseTargets, type TestDatabase } from '../support/databases';
import { brokerUrlOf, DeviceClient, DeviceFleet } from '../support/device-client';
import { createUser, uniqueId, type TestUser } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const DAY = 86_400_000;
const targets = databaseTargets().flatMap((db) => brokerTargets().map((broker) => ({ name: `${db.name} + ${broker.name} broker`, db, broker })));

// the demo estate, a camera sent to the vendor and a loaner standing in for it, heartbeating over authenticated MQTT
describe.each(targets)('loaners, RMA and repeat failures on $name', ({ db: dbTarget, broker }) => {
  /** Real time, moved on by `skipMs` when the test says so: every service and durable timer reads it through ClockPort. */
  const clock = { skipMs: 0, now: () => new Date(Date.now() + clock.skipMs) };
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let fleet: DeviceFleet;
  let loanerClient: DeviceClient | null = null;
  const users: Record<string, TestUser> = {};
  const as = (name: string) => ({ Authorization: `Bearer ${users[name].token}` });
  let camera: { id: string; siteId: string; parentId: string | null };

  beforeAll(async () => {
    db = await dbTarget.create();
    platform = await startTestPlatform(db, {
      mqttUrl: broker.url,
      clock,
      env: { ...broker.env, VIGIL_DEMO: '1', VIGIL_MISSED_HEARTBEATS: '2', VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `ln-${randomBytes(4).toString('hex')}` },
    });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    fleet = await DeviceFleet.connect(platform);
    users.op = await createUser(platform, admin, 'operator', uniqueId('op'));
    users.sup = await createUser(platform, admin, 'supervisor', uniqueId('sup'));
    users.eng = await createUser(platform, admin, 'engineer', uniqueId('eng'));
    users.aud = await createUser(platform, admin, 'auditor', uniqueId('aud'));
    const cams = (await platform.http.get('/api/devices?type=camera&limit=1').set(admin).expect(200)).body.items;
    camera = (await platform.http.patch(`/api/devices/${cams[0].id}`).set(admin).send({ heartbeatIntervalSec: 1 }).expect(200)).body;
  }, 120_000);

  afterAll(async () => {
    await loanerClient?.close();
    await fleet?.close();
    await platform?.close();
    await db?.drop();
  });

  const deviceOf = async (id: string) => (await platform.http.get(`/api/devices/${id}`).set(admin)).body;
  const offlineFaultOf = async (deviceId: string) =>
    ((await platform.http.get(`/api/faults?deviceId=${deviceId}&state=open`).set(admin).expect(200)).body.items as { id: string; kind: string }[]).find(
      (f) => f.kind === 'offline',
    );
  async function beat(client: { heartbeat(id: string): Promise<unknown> }, id: string, rounds: number) {
    for (let r = 0; r < rounds; r += 1) {
      await client.heartbeat(id);
      // the device's own pace (an interval of 1 s): the spacing is the input, not a wait for something
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  }

  it('should stand a loaner in for a camera away at the vendor: liveness follows the loaner, an overdue loan pages once, and swapping back watches the camera again', async () => {
    await beat(fleet, camera.id, 2);
    await waitFor(async () => (await deviceOf(camera.id)).status === 'online');
    // the camera works until it is taken away: it keeps its pace while the loan is arranged (a loaded machine may take longer than its window)
    let inService = true;
    const cameraPace = (async () => {
      while (inService) {
        await fleet.heartbeat(camera.id);
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
    })();

    // the pool: a unit's id must not be a registered device's; its MQTT login is answered once
    await platform.http.post('/api/loaners').set(admin).send({ id: camera.id, type: 'camera', storeId: 'central' }).expect(409);
    await platform.http.post('/api/loaners').set(as('eng')).send({ id: 'LOANER-X', type: 'camera', storeId: 'central' }).expect(403);
    // a unit lives in a store the register knows
    const noStore = await platform.http
      .post('/api/loaners')
      .set(admin)
      .send({ id: uniqueId('LOANER-CAM'), type: 'camera', storeId: 'no-such-store' })
      .expect(400);
    expect(JSON.stringify(noStore.body)).toContain('storeId');
    const loanerId = uniqueId('LOANER-CAM');
    const created = (
      await platform.http.post('/api/loaners').set(as('op')).send({ id: loanerId, type: 'camera', model: 'DS-2CD', vendor: 'Hikvision', storeId: 'central' }).expect(201)
    ).body;
    expect(created.unit).toMatchObject({ id: loanerId, state: 'in-store', storeId: 'central' });
    expect(created.login.username).toBe(loanerId);

    // the camera goes to the vendor under an RMA; a fault reported on it is the loan's
    const fault = (
      await platform.http
        .post('/api/faults')
        .set(as('op'))
        .send({ siteId: camera.siteId, deviceId: camera.id, kind: 'image-quality', level: 3, description: '画面模糊 blurred', reporter: 'guard', channel: 'phone' })
        .expect(201)
    ).body;
    const rma = (await platform.http.post('/api/rmas').set(as('op')).send({ deviceId: camera.id, faultId: fault.id, vendor: 'Hikvision' }).expect(201)).body;
    expect(rma).toMatchObject({ state: 'sent', deviceId: camera.id, serial: camera.id ? expect.anything() : null });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(clock.now());
    await platform.http.post('/api/loans').set(as('op')).send({ loanerId, standsInFor: camera.id, faultId: fault.id, dueBackOn: '2020-01-01' }).expect(400);
    const loan = (await platform.http.post('/api/loans').set(as('op')).send({ loanerId, standsInFor: camera.id, faultId: fault.id, dueBackOn: today }).expect(201)).body;
    // lent: the camera is off to the vendor, silent from now on
    inService = false;
    await cameraPace;
    expect(loan).toMatchObject({ loanerId, standsInFor: camera.id, siteId: camera.siteId, state: 'out', overdue: false, dueBackOn: today });
    await platform.http.post('/api/loans').set(as('op')).send({ loanerId, standsInFor: camera.id }).expect(409);
    const standIn = await deviceOf(loanerId);
    expect(standIn).toMatchObject({ siteId: camera.siteId, parentId: camera.parentId, type: 'camera' });
    expect(standIn.name).toContain(`${loanerId} → ${(camera as unknown as { name: string }).name}`);
    expect((await platform.http.get(`/api/loaners/${loanerId}`).set(as('eng')).expect(200)).body).toMatchObject({ unit: { state: 'lent' }, loan: { id: loan.id } });
    expect((await deviceOf(camera.id)).awayOnLoan).toBe(loan.id);

    // the loaner's heartbeats, under its own login (rotated once: the first stops working), keep the position online; the away camera's silence opens nothing
    await platform.http.post(`/api/loaners/${loanerId}/mqtt-secret`).set(as('eng')).expect(403);
    const rotated = (await platform.http.post(`/api/loaners/${loanerId}/mqtt-secret`).set(as('sup')).expect(201)).body;
    expect(rotated.password).not.toBe(created.login.password);
    loanerClient = await DeviceClient.connect(brokerUrlOf(platform), rotated);
    await beat(loanerClient, loanerId, 8);
    expect((await deviceOf(loanerId)).status).toBe('online');
    expect(await offlineFaultOf(camera.id)).toBeUndefined();
    expect((await deviceOf(camera.id)).status).toBe('online');
    // the loaner's silence does
    const loanerDown = await waitFor(() => offlineFaultOf(loanerId), 15_000);
    expect(loanerDown).toBeTruthy();

    // the end of the due day (the contract zone) passes: the loan is overdue and pages the assignee and supervisors once
    clock.skipMs += DAY;
    const paged = await waitFor(async () => {
      const l = (await platform.http.get(`/api/loans/${loan.id}`).set(as('sup')).expect(200)).body;
      return l.overdueAlertedAt ? l : null;
    }, 15_000);
    expect(paged.overdue).toBe(true);
    // the supervisor's page about the loan, waiting in their queue or gone out
    const queue = platform.app.get(AlertQueue);
    const log = platform.app.get(NotificationLog);
    await waitFor(
      async () => (await queue.waiting(`user:${users.sup.id}`)).some((a) => a.faultId === loan.id && a.subject === 'loan') || (await log.forSubject('loan', loan.id)).length > 0,
      15_000,
    );
    expect((await platform.http.get('/api/loans?overdue=true').set(as('op')).expect(200)).body.items.map((l: { id: string }) => l.id)).toContain(loan.id);
    // the vendor is late: a later due day takes the loan out of overdue, and it may page again when that day ends
    const extended = (await platform.http.patch(`/api/loans/${loan.id}`).set(as('op')).send({ dueBackOn: '2099-12-31' }).expect(200)).body;
    expect(extended).toMatchObject({ dueBackOn: '2099-12-31', overdue: false, overdueAlertedAt: null });
    await platform.http.patch(`/api/loans/${loan.id}`).set(as('op')).send({ dueBackOn: '2020-01-01' }).expect(400);

    // the vendor replaces it: the device carries the new serial
    await platform.http.post(`/api/rmas/${rma.id}/return`).set(as('op')).send({}).expect(409);
    await platform.http.post(`/api/rmas/${rma.id}/receive`).set(as('op')).send({}).expect(200);
    await platform.http.post(`/api/rmas/${rma.id}/replace`).set(as('op')).send({}).expect(400);
    await platform.http.post(`/api/rmas/${rma.id}/replace`).set(as('op')).send({ replacementSerial: 'SN-NEW-001' }).expect(200);
    const back = (await platform.http.post(`/api/rmas/${rma.id}/return`).set(as('op')).send({}).expect(200)).body;
    expect(back).toMatchObject({ state: 'returned', replacementSerial: 'SN-NEW-001' });
    expect(back.turnaroundDays).toBeGreaterThanOrEqual(1);
    expect((await deviceOf(camera.id)).serial).toBe('SN-NEW-001');
    // the month's loaner-days at the site and the vendor's turnaround, in their own report and in the service report
    const { contractId } = (await platform.http.get(`/api/sites/${camera.siteId}`).set(admin).expect(200)).body;
    const period = today.slice(0, 7);
    const month = (await platform.http.get(`/api/reports/loaners?contractId=${contractId}&period=${period}`).set(as('sup')).expect(200)).body;
    expect(month.loanerDays.find((s: { siteId: string }) => s.siteId === camera.siteId)).toMatchObject({ loans: 1 });
    expect(month.rmaTurnaround).toEqual([expect.objectContaining({ vendor: 'Hikvision', count: 1 })]);
    const service = (await platform.http.get(`/api/reports/service?contractId=${contractId}&period=${period}`).set(as('sup')).expect(200)).body;
    expect(service).toMatchObject({ loanerDays: month.loanerDays, rmaTurnaround: month.rmaTurnaround });
    const csv = (await platform.http.get(`/api/rmas/export.csv?deviceId=${camera.id}`).set(as('aud')).expect(200)).text;
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('SN-NEW-001');

    // swap back: the loaner leaves the site for its store, the camera is watched again (its silence now opens a fault)
    const returned = (await platform.http.post(`/api/loans/${loan.id}/swap-back`).set(as('op')).expect(200)).body;
    expect(returned).toMatchObject({ state: 'returned', overdue: false });
    await platform.http.post(`/api/loans/${loan.id}/swap-back`).set(as('op')).expect(409);
    expect((await platform.http.get(`/api/devices/${loanerId}`).set(admin)).status).toBe(404);
    expect(await offlineFaultOf(loanerId)).toBeUndefined();
    expect((await deviceOf(camera.id)).awayOnLoan).toBeNull();
    expect((await platform.http.get(`/api/loaners/${loanerId}`).set(as('op')).expect(200)).body).toMatchObject({ unit: { state: 'in-store' }, loan: null });
    expect((await platform.http.get(`/api/loans?deviceId=${camera.id}`).set(as('eng')).expect(200)).body.items.map((l: { id: string }) => l.id)).toEqual([loan.id]);
    await beat(fleet, camera.id, 2);
    expect(await waitFor(() => offlineFaultOf(camera.id), 15_000)).toBeTruthy();
  }, 120_000);

  it('should flag a second failure of the same kind within the contract window as "replace recommended"', async () => {
    const report = { siteId: camera.siteId, deviceId: camera.id, kind: 'video-loss', level: 3, description: '无视频 no video', reporter: 'guard', channel: 'phone' };
    const first = (await platform.http.post('/api/faults').set(as('op')).send(report).expect(201)).body;
    expect((await platform.http.get(`/api/faults/${first.id}/repeat-failure`).set(as('eng')).expect(200)).body).toMatchObject({ replaceRecommended: false });
    await platform.http.post(`/api/faults/${first.id}/restore`).set(as('op')).send({ note: 'rebooted' }).expect(200);
    await platform.http.post(`/api/faults/${first.id}/close`).set(as('sup')).send({ resolution: 'rebooted the camera' }).expect(200);
    const second = (await platform.http.post('/api/faults').set(as('op')).send(report).expect(201)).body;
    expect((await platform.http.get(`/api/faults/${second.id}/repeat-failure`).set(as('eng')).expect(200)).body).toMatchObject({
      replaceRecommended: true,
      earlierFaultId: first.id,
    });
  }, 60_000);
});
