import { randomBytes } from 'node:crypto';
import { DEMO_SLA_POLICY, type Role } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet } from '../support/device-client';
import { createUser, makeSite, uniqueId, type TestUser } from '../support/factories';
import { startMailbox } from '../support/receivers';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

// the SLA clock of a one-minute target running out, on the platform's clock moved a minute on; the broker plays no part
describe.each(databaseTargets())('SLA warning and breach on $name', (dbTarget) => {
  /** Real time, moved on by `skipMs` when the test says so: every service reads it through ClockPort. */
  const clock = { skipMs: 0, now: () => new Date(Date.now() + clock.skipMs) };
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let device: DeviceFleet;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  const users: Record<string, TestUser> = {};

  async function user(role: Role, name: string) {
    users[name] = await createUser(platform, admin, role, name);
  }
  const as = (name: string) => ({ Authorization: `Bearer ${users[name].token}` });
  const openFaults = async (siteId: string) => (await platform.http.get(`/api/faults?siteId=${siteId}&state=open`).set(as('sup')).expect(200)).body;

  beforeAll(async () => {
    db = await dbTarget.create();
    mailbox = await startMailbox();
    platform = await startTestPlatform(db, { clock, env: { VIGIL_INGEST_FLUSH_MS: '20', SMTP_URL: mailbox.url, MQTT_CLIENT_ID: `s-${randomBytes(4).toString('hex')}` } });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    device = await DeviceFleet.connect(platform);
    await user('engineer', 'eng1');
    await user('supervisor', 'sup');
    await user('auditor', 'aud');
  });

  afterAll(async () => {
    await device?.close();
    await platform?.close();
    await mailbox?.close();
    await db?.drop();
  });

  it('should note the SLA warning and breach on the fault, tell the supervisor, and keep the outcome it closed with', async () => {
    const customer = (
      await platform.http
        .post('/api/customers')
        .set(admin)
        .send({ name: uniqueId('customer') })
        .expect(201)
    ).body;
    const policy = structuredClone(DEMO_SLA_POLICY) as typeof DEMO_SLA_POLICY;
    policy.levels['3'].Qingdao.respondMinutes = 1;
    const contract = (
      await platform.http
        .post('/api/contracts')
        .set(admin)
        .send({
          customerId: customer.id,
          name: 'one-minute contract',
          startsOn: '2026-01-01',
          endsOn: '2030-12-31',
          slaPolicy: policy,
        })
        .expect(201)
    ).body;
    const site = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ customerId: customer.id, contractId: contract.id }))
        .expect(201)
    ).body;
    const cam = (
      await platform.http
        .post('/api/devices')
        .set(admin)
        .send({ id: uniqueId('CAM'), type: 'camera', siteId: site.id, heartbeatIntervalSec: 60 })
        .expect(201)
    ).body.id;
    await platform.http
      .post('/api/oncall/rotas')
      .set(as('sup'))
      .send({
        name: 'sla rota',
        siteIds: [site.id],
        members: [users.eng1.id],
        supervisorIds: [users.sup.id],
        startsAt: new Date(Date.now() - 3600_000).toISOString(),
      })
      .expect(201);
    await device.heartbeat(cam, { health: { video: 'lost' } });
    const fault = await waitFor(async () => (await openFaults(site.id)).items.find((f: { kind: string }) => f.kind === 'video-loss'));
    expect(new Date(fault.sla.respond.due).getTime()).toBe(new Date(fault.openedAt).getTime() + 60_000);
    const history = async () => (await platform.http.get(`/api/faults/${fault.id}`).set(as('aud')).expect(200)).body.history as { type: string; detail: { step?: string } }[];
    // the platform's clock moves past the one-minute target (the durable timers see it at their next tick)
    clock.skipMs += 61_000;
    await waitFor(async () => (await history()).some((h) => h.type === 'sla-warning' && h.detail.step === 'respond'), 20_000);
    await waitFor(async () => (await history()).some((h) => h.type === 'sla-breached' && h.detail.step === 'respond'), 20_000);
    await waitFor(async () => mailbox.mails.find((m) => m.to.includes(users.sup.email) && m.raw.includes('respond')));
    const closed = (await platform.http.post(`/api/faults/${fault.id}/close`).set(as('sup')).send({ resolution: 'reset the camera', repaired: true }).expect(200)).body;
    expect(closed.sla.respond.status).toBe('breached');
    // a later, kinder policy does not rewrite what the fault closed with
    policy.levels['3'].Qingdao.respondMinutes = 600;
    await platform.http.put(`/api/contracts/${contract.id}/sla-policy`).set(admin).send({ slaPolicy: policy }).expect(200);
    const again = (await platform.http.get(`/api/faults/${fault.id}`).set(as('aud')).expect(200)).body;
    expect(again.sla.respond).toMatchObject({ status: 'breached', due: closed.sla.respond.due });
  }, 120_000);
});
