import { randomBytes } from 'node:crypto';
import { ScheduledActionRunner, ScheduledActions } from '@vigil/application';
import { DEMO_SLA_POLICY, type Role } from '@vigil/domain';
import { brokerTargets, databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet } from '../support/device-client';
import { createUser, makeSite, uniqueId, type TestUser } from '../support/factories';
import { startMailbox, startWebhookReceiver } from '../support/receivers';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { alertsSettled } from '../support/alerts';
import { waitFor } from '../support/wait-for';

const targets = databaseTargets().flatMap((db) => brokerTargets().map((broker) => ({ name: `${db.name} + ${broker.name} broker`, db, broker })));

describe.each(targets)('faults, SLA and alerting on $name', ({ db: dbTarget, broker }) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let device: DeviceFleet;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const users: Record<string, TestUser> = {};

  async function user(role: Role, name: string) {
    users[name] = await createUser(platform, admin, role, name);
  }
  const as = (name: string) => ({ Authorization: `Bearer ${users[name].token}` });

  beforeAll(async () => {
    db = await dbTarget.create();
    mailbox = await startMailbox();
    hooks = await startWebhookReceiver();
    platform = await startTestPlatform(db, {
      mqttUrl: broker.url,
      env: { ...broker.env, VIGIL_MISSED_HEARTBEATS: '2', VIGIL_INGEST_FLUSH_MS: '20', SMTP_URL: mailbox.url, MQTT_CLIENT_ID: `t-${randomBytes(4).toString('hex')}` },
    });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    device = await DeviceFleet.connect(platform);
    await user('engineer', 'eng1');
    await user('engineer', 'eng2');
    await user('supervisor', 'sup');
    await user('operator', 'op');
    await user('auditor', 'aud');
  });

  afterAll(async () => {
    await device?.close();
    await platform?.close();
    await mailbox?.close();
    await hooks?.close();
    await db?.drop();
  });

  async function estate(cameras: number) {
    const site = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    const sw = (
      await platform.http
        .post('/api/devices')
        .set(admin)
        .send({ id: uniqueId('SW'), type: 'switch', siteId: site.id, heartbeatIntervalSec: 1 })
        .expect(201)
    ).body;
    const cams: string[] = [];
    for (let i = 0; i < cameras; i += 1) {
      cams.push(
        (
          await platform.http
            .post('/api/devices')
            .set(admin)
            .send({ id: uniqueId('CAM'), type: 'camera', siteId: site.id, parentId: sw.id, heartbeatIntervalSec: 1 })
            .expect(201)
        ).body.id,
      );
    }
    return { siteId: site.id as string, switchId: sw.id as string, cameras: cams };
  }

  async function beat(ids: string[], rounds: number) {
    for (let r = 0; r < rounds; r += 1) {
      await Promise.all(ids.map((id) => device.heartbeat(id)));
      // the devices' own pace (an interval of 1 s): the spacing is the input, not a wait for something
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  }
  const openFaults = async (siteId: string) => (await platform.http.get(`/api/faults?siteId=${siteId}&state=open`).set(as('op')).expect(200)).body;

  it('should make one fault of a silent switch with its cameras counted, alert the on-call by webhook and mail, escalate, and stop on acknowledge', async () => {
    const { siteId, switchId, cameras } = await estate(5);
    await platform.http
      .post('/api/oncall/rotas')
      .set(as('sup'))
      .send({
        name: 'test rota',
        siteIds: [siteId],
        members: [users.eng1.id, users.eng2.id],
        startsAt: new Date(Date.now() - 3600_000).toISOString(),
        supervisorIds: [users.sup.id],
        webhooks: [
          { url: `${hooks.url}/json`, format: 'json' },
          { url: `${hooks.url}/wecom`, format: 'wecom' },
        ],
        escalateAfterMinutes: [0.05, 0.1, 60],
        repeatEveryMinutes: 0.05,
      })
      .expect(201);
    await beat([switchId, ...cameras], 3);
    await waitFor(async () => (await platform.http.get(`/api/devices/${switchId}`).set(admin)).body.status === 'online');

    const fault = await waitFor(async () => {
      const open = await openFaults(siteId);
      return open.total === 1 && open.items[0].affectedCount === 5 && open.items[0].level === 1 ? open.items[0] : null;
    }, 15_000);
    // the switch and everything behind it is the whole site, and the switch explains it: its fault, at the site-offline level 1
    expect(fault).toMatchObject({ deviceId: switchId, siteId, kind: 'offline', level: 1, state: 'open' });
    // the cameras' silence joined it: once each silence was decided after its hold (no check left), still one open fault
    const actions = platform.app.get(ScheduledActions);
    await waitFor(async () => (await Promise.all([switchId, ...cameras].map((id) => actions.pending(`offline-check:${id}:`)))).every((left) => left.length === 0), 15_000);
    expect((await openFaults(siteId)).total).toBe(1);

    // the first alert waits for the cameras to join (group wait), so it names all five
    const json = await waitFor(async () => hooks.posts.find((p) => p.path === '/json' && p.body.fault.id === fault.id));
    expect(json.body.fault).toMatchObject({ deviceId: switchId, affectedCount: 5, level: 1 });
    const wecom = await waitFor(async () => hooks.posts.find((p) => p.path === '/wecom' && JSON.stringify(p.body).includes(switchId)));
    expect(wecom.body.msgtype).toBe('markdown');
    await waitFor(async () => mailbox.mails.find((m) => m.to.includes(users.eng1.email) && m.raw.includes(switchId)));
    // escalation by the rota: the backup after 3 s, the supervisor after 6 s, never before
    const backup = await waitFor(async () => mailbox.mails.find((m) => m.to.includes(users.eng2.email) && m.raw.includes(switchId)), 15_000);
    const sup = await waitFor(async () => mailbox.mails.find((m) => m.to.includes(users.sup.email) && m.raw.includes(switchId)), 15_000);
    const opened = new Date(fault.openedAt).getTime();
    expect(backup.receivedAt - opened).toBeGreaterThanOrEqual(3_000);
    expect(sup.receivedAt - opened).toBeGreaterThanOrEqual(6_000);

    const acked = await platform.http.post(`/api/faults/${fault.id}/acknowledge`).set(as('eng1')).send({ plan: 'replace the PSU' }).expect(200);
    expect(acked.body).toMatchObject({ state: 'acknowledged', plan: 'replace the PSU' });
    const openedAt = new Date(fault.openedAt).getTime();
    expect(new Date(acked.body.sla.respond.due).getTime()).toBe(openedAt + 30 * 60_000);
    expect(acked.body.sla.respond.status).toBe('met');
    expect(new Date(acked.body.sla.restore.due).getTime()).toBe(openedAt + 4 * 3600_000);
    expect(new Date(acked.body.sla.arrive.due).getTime()).toBe(openedAt + 60 * 60_000);
    expect(acked.body.sla.repair.status).toBe('pending');

    // a repeat already on its way when the acknowledgement landed may still arrive; nothing after that: the acknowledgement
    // cancels the fault's steps and repeats and drops what of it waits: once that shows, nothing about it can go out
    await alertsSettled(platform, [fault.id], 90_000);
    const sentAtAck = (await platform.http.get(`/api/faults/${fault.id}`).set(as('aud')).expect(200)).body.notifications.length;
    await platform.app.get(ScheduledActionRunner).runDue();
    const detail = (await platform.http.get(`/api/faults/${fault.id}`).set(as('aud')).expect(200)).body;
    expect(detail.notifications.length).toBe(sentAtAck);
    expect(detail.notifications.map((n: { channel: string }) => n.channel)).toEqual(expect.arrayContaining(['dashboard', 'email', 'webhook']));
    // the site was dark when the switch's silence was decided: the fault opened with its cameras and at the site-offline level
    expect(detail.history.map((h: { type: string }) => h.type)).toEqual(expect.arrayContaining(['opened', 'acknowledge']));
    expect(detail.history[0].detail).toMatchObject({ affectedCount: 5, level: 1 });

    // the switch comes back; its cameras stay silent and, after their grace, get faults of their own
    const keepAlive = setInterval(() => void device.heartbeat(switchId), 300);
    try {
      await waitFor(async () => (await platform.http.get(`/api/faults/${fault.id}`).set(as('op'))).body.state === 'closed');
      const own = await waitFor(async () => {
        const open = await openFaults(siteId);
        return open.total === 5 ? open.items : null;
      }, 20_000);
      expect(own.every((f: { kind: string; level: number; deviceId: string }) => f.kind === 'offline' && f.level === 3 && cameras.includes(f.deviceId))).toBe(true);
    } finally {
      clearInterval(keepAlive);
    }
    await beat([switchId, ...cameras], 2);
    await waitFor(async () => (await openFaults(siteId)).total === 0, 15_000);
  }, 90_000);

  it('should make one level-4 flapping fault of a device that keeps dropping out, not a fault per drop', async () => {
    const { siteId, cameras } = await estate(1);
    const [cam] = cameras;
    // four drop-outs: each silence outlasts the 2 s window, each return is one heartbeat; counted from the
    // device's history, so a busy machine that polls late never misses the short online spells
    const dropOuts = async () =>
      ((await platform.http.get(`/api/devices/${cam}/history`).set(admin).expect(200)).body.items as { change: { kind: string; to?: string } }[]).filter(
        (e) => e.change.kind === 'status-changed' && e.change.to === 'offline',
      ).length;
    for (let i = 0; i < 4; i += 1) {
      await device.heartbeat(cam);
      await waitFor(async () => (await dropOuts()) >= i + 1, 15_000);
    }
    const flapping = await waitFor(async () => (await openFaults(siteId)).items.find((f: { kind: string }) => f.kind === 'flapping'), 15_000);
    expect(flapping).toMatchObject({ deviceId: cam, level: 4, state: 'open' });
    const all = (await platform.http.get(`/api/faults?deviceId=${cam}`).set(as('op')).expect(200)).body.items as { kind: string; state: string }[];
    expect(all.filter((f) => f.kind === 'offline' && f.state !== 'closed')).toEqual([]);
    expect(all.filter((f) => f.kind === 'flapping')).toHaveLength(1);
  }, 60_000);

  it('should mute alerts inside a maintenance window, never detection, and still record the resolution', async () => {
    const { siteId, cameras } = await estate(1);
    const [cam] = cameras;
    await platform.http
      .post('/api/oncall/rotas')
      .set(as('sup'))
      .send({
        name: 'window rota',
        siteIds: [siteId],
        members: [users.eng1.id],
        startsAt: new Date(Date.now() - 3600_000).toISOString(),
        webhooks: [{ url: `${hooks.url}/muted`, format: 'json' }],
      })
      .expect(201);
    await platform.http
      .post('/api/maintenance-windows')
      .set(as('op'))
      .send({
        name: 'camera swap',
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        siteIds: [siteId],
        reason: 'planned',
      })
      .expect(201);
    await device.heartbeat(cam, { health: { video: 'lost' } });
    const fault = await waitFor(async () => (await openFaults(siteId)).items.find((f: { kind: string }) => f.kind === 'video-loss'));
    const muted = await waitFor(async () => {
      const detail = (await platform.http.get(`/api/faults/${fault.id}`).set(as('op')).expect(200)).body;
      return detail.notifications.find((n: { status: string }) => n.status === 'muted') ? detail : null;
    });
    expect(muted.notifications.every((n: { status: string }) => n.status === 'muted')).toBe(true);
    await device.heartbeat(cam, { health: { video: 'ok' } });
    const closed = await waitFor(async () => {
      const f = (await platform.http.get(`/api/faults/${fault.id}`).set(as('op')).expect(200)).body;
      return f.state === 'closed' ? f : null;
    });
    expect(closed.clearedAt).not.toBeNull();
    expect(hooks.posts.filter((p) => p.path === '/muted')).toEqual([]);
  });

  it("should take a contract's fault rules over the API, refuse wrong ones naming the field, and level faults by them", async () => {
    const customer = (
      await platform.http
        .post('/api/customers')
        .set(admin)
        .send({ name: uniqueId('customer') })
        .expect(201)
    ).body;
    const contract = (
      await platform.http
        .post('/api/contracts')
        .set(admin)
        .send({
          customerId: customer.id,
          name: 'strict contract',
          startsOn: '2026-01-01',
          endsOn: '2030-12-31',
          slaPolicy: DEMO_SLA_POLICY,
        })
        .expect(201)
    ).body;
    const bad = await platform.http
      .put(`/api/contracts/${contract.id}/fault-rules`)
      .set(admin)
      .send({ faultRules: { levels: { 'video-loss': { camera: 7 } } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('faultRules.levels.video-loss.camera');
    await platform.http.put(`/api/contracts/${contract.id}/fault-rules`).set(as('op')).send({ faultRules: {} }).expect(403);
    const saved = await platform.http
      .put(`/api/contracts/${contract.id}/fault-rules`)
      .set(as('sup'))
      .send({ faultRules: { levels: { 'video-loss': { camera: 2 } } } })
      .expect(200);
    expect(saved.body.faultRules).toEqual({ levels: { 'video-loss': { camera: 2 } } });
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
    await device.heartbeat(cam, { health: { video: 'lost', tamper: true } });
    const faults = await waitFor(async () => {
      const open = (await openFaults(site.id)).items as { kind: string; level: number }[];
      return open.length === 2 ? open : null;
    });
    // video loss as the contract says; tamper keeps the default level 3
    expect(Object.fromEntries(faults.map((f) => [f.kind, f.level]))).toEqual({ 'video-loss': 2, tamper: 3 });
  });

  it('should cancel only the timers of the device named, even when its id holds a LIKE wildcard or differs only in case', async () => {
    const actions = platform.app.get(ScheduledActions);
    const later = new Date(Date.now() + 3600_000);
    await actions.schedule('offline-check:cam_1:0', 'offline-check', later, {});
    await actions.schedule('offline-check:camA1:0', 'offline-check', later, {});
    await actions.schedule('offline-check:CAMA1:0', 'offline-check', later, {});
    await actions.cancel('offline-check:cam_1:');
    expect((await actions.pending('offline-check:cam')).map((a) => a.key)).toEqual(['offline-check:camA1:0']);
    await actions.cancel('offline-check:camA1:');
    expect((await actions.pending('offline-check:CAMA1:')).map((a) => a.key)).toEqual(['offline-check:CAMA1:0']);
    await actions.cancel('offline-check:CAMA1:');
  });

  it('should open and clear condition faults once, whatever the duplicates', async () => {
    const { siteId, cameras } = await estate(1);
    const [cam] = cameras;
    for (let i = 0; i < 3; i += 1) await device.heartbeat(cam, { type: 'camera', health: { video: 'lost', tamper: false, ptz: 'ok' } });
    const fault = await waitFor(async () => (await openFaults(siteId)).items.find((f: { kind: string }) => f.kind === 'video-loss'));
    expect(fault).toMatchObject({ deviceId: cam, level: 3, state: 'open' });
    await device.heartbeat(cam, { type: 'camera', health: { video: 'ok', tamper: false, ptz: 'ok' } });
    await waitFor(async () => (await platform.http.get(`/api/faults/${fault.id}`).set(as('op'))).body.state === 'closed');
    const all = (await platform.http.get(`/api/faults?deviceId=${cam}`).set(as('op')).expect(200)).body;
    expect(all.items.filter((f: { kind: string }) => f.kind === 'video-loss')).toHaveLength(1);
    expect(all.items[0].clearedAt).not.toBeNull();
  });

  it('should take a phone report, refuse a duplicate, and let only the allowed roles act', async () => {
    const { siteId, switchId } = await estate(0);
    const report = { siteId, deviceId: switchId, kind: 'image-quality', level: 4, description: '画面模糊 blurred picture', reporter: '张三', channel: 'phone' };
    expect((await platform.http.post('/api/faults').set(as('aud')).send(report)).status).toBe(403);
    expect(
      (
        await platform.http
          .post('/api/faults')
          .set(as('op'))
          .send({ ...report, channel: 'fax' })
      ).body.message.join(' '),
    ).toContain('channel');
    const fault = (await platform.http.post('/api/faults').set(as('op')).send(report).expect(201)).body;
    expect(fault).toMatchObject({ level: 4, source: 'report', reporter: '张三', state: 'open' });
    expect((await platform.http.post('/api/faults').set(as('op')).send(report)).status).toBe(400);
    expect((await platform.http.post(`/api/faults/${fault.id}/acknowledge`).set(as('aud'))).status).toBe(403);
    await platform.http.post(`/api/faults/${fault.id}/dispatch`).set(as('op')).send({ assigneeId: users.eng2.id }).expect(200);
    // dispatched to eng2: eng1 may see it, not work it
    expect((await platform.http.post(`/api/faults/${fault.id}/arrive`).set(as('eng1'))).status).toBe(403);
    await platform.http.post(`/api/faults/${fault.id}/arrive`).set(as('eng2')).expect(200);
    await platform.http.post(`/api/faults/${fault.id}/pause`).set(as('op')).send({ reason: 'customer not available' }).expect(200);
    expect((await platform.http.post(`/api/faults/${fault.id}/pause`).set(as('op')).send({ reason: 'again' })).status).toBe(409);
    await platform.http.post(`/api/faults/${fault.id}/resume`).set(as('op')).expect(200);
    const signature = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const forged = await platform.http
      .post(`/api/faults/${fault.id}/close`)
      .set(as('eng2'))
      .send({ resolution: 'x', signoff: { signerName: '张三', signerTitle: '值班长', signature: 'javascript:alert(1)' } });
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.body)).toContain('signoff.signature');
    const closed = (
      await platform.http
        .post(`/api/faults/${fault.id}/close`)
        .set(as('eng2'))
        .send({ resolution: 'cleaned the lens', repaired: true, signoff: { signerName: '张三', signerTitle: '值班长', signature } })
        .expect(200)
    ).body;
    expect(closed).toMatchObject({ state: 'closed', resolution: 'cleaned the lens' });
    expect(closed.sla.repair.status).toBe('met');
    expect((await platform.http.post(`/api/faults/${fault.id}/acknowledge`).set(as('op'))).status).toBe(409);
    const done = (await platform.http.get(`/api/faults/${fault.id}`).set(as('aud')).expect(200)).body;
    // the page names who it was dispatched to (a user without a display name by their username)
    expect(done.assignee).toEqual({ id: users.eng2.id, name: users.eng2.username });
    const history = done.history;
    // the customer's signature is on the closing record
    expect(history.at(-1).detail).toMatchObject({ resolution: 'cleaned the lens', signoff: { signerName: '张三', signerTitle: '值班长', signature } });
    expect(history.map((h: { type: string; actor: string }) => `${h.type}:${h.actor}`)).toEqual([
      `opened:${users.op.username}`,
      `dispatch:${users.op.username}`,
      `arrive:${users.eng2.username}`,
      `pause:${users.op.username}`,
      `resume:${users.op.username}`,
      `close:${users.eng2.username}`,
    ]);
  });

  it('should evaluate the contract example over REST and refuse a year without a calendar', async () => {
    const body = {
      level: 3,
      region: 'Qingdao',
      openedAt: '2026-10-09T15:00:00+08:00',
      events: [
        { at: '2026-10-09T15:30:00+08:00', type: 'acknowledge' },
        { at: '2026-10-12T09:00:00+08:00', type: 'pause', reason: 'customer refused access' },
        { at: '2026-10-12T11:00:00+08:00', type: 'resume' },
      ],
      asOf: '2026-10-20T00:00:00+08:00',
    };
    const res = await platform.http.post('/api/sla/evaluate').set(as('aud')).send(body).expect(200);
    expect(res.body.steps.respond).toMatchObject({ due: '2026-10-09T09:00:00.000Z', status: 'met' });
    expect(res.body.steps.arrive).toMatchObject({ due: '2026-10-09T08:00:00.000Z', status: 'breached' });
    expect(res.body.steps.restore).toMatchObject({ due: null, status: null });
    expect(res.body.steps.repair).toMatchObject({ due: '2026-10-15T18:00:00.000Z', status: 'breached' });
    expect((await platform.http.post('/api/sla/evaluate').set(as('eng1')).send(body)).status).toBe(403);
    expect(
      (
        await platform.http
          .post('/api/sla/evaluate')
          .set(as('op'))
          .send({ ...body, openedAt: '2027-03-01T10:00:00+08:00', events: [], asOf: '2027-03-02T10:00:00+08:00' })
      ).status,
    ).toBe(422);
    const bad = await platform.http
      .post('/api/sla/evaluate')
      .set(as('op'))
      .send({ ...body, events: [{ at: '2026-10-12T09:00:00+08:00', type: 'resume' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('events[0]');
    expect(
      (
        await platform.http
          .post('/api/sla/evaluate')
          .set(as('op'))
          .send({ ...body, region: 'Mars' })
      ).status,
    ).toBe(400);
  });
});
