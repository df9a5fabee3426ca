import { randomBytes } from 'node:crypto';
import { ScheduledActions } from '@vigil/application';
import { brokerTargets, databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet } from '../support/device-client';
import { createUser, makeSite, uniqueId, type TestUser } from '../support/factories';
import { startMailbox, type ReceivedMail } from '../support/receivers';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { nothingQueued } from '../support/alerts';
import { waitFor } from '../support/wait-for';

const targets = databaseTargets().flatMap((db) => brokerTargets().map((broker) => ({ name: `${db.name} + ${broker.name} broker`, db, broker })));

interface FaultBody {
  id: string;
  deviceId: string | null;
  siteId: string;
  kind: string;
  level: number;
  state: string;
  affectedCount: number;
  openedAt: string;
  clearedAt: string | null;
}

/** Outages (CONTRACT.md): devices silent together make one fault listing them all, whatever other faults they have. */
describe.each(targets)('outages on $name', ({ db: dbTarget, broker }) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let op: { Authorization: string };
  let fleet: DeviceFleet;
  let operator: TestUser;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;

  beforeAll(async () => {
    db = await dbTarget.create();
    mailbox = await startMailbox();
    platform = await startTestPlatform(db, {
      mqttUrl: broker.url,
      // the alert budget's interval as shipped: a minute between two messages to one person
      env: {
        ...broker.env,
        SMTP_URL: mailbox.url,
        VIGIL_PUBLIC_URL: 'http://vigil.test',
        VIGIL_ALERT_DIGEST_SEC: '60',
        VIGIL_MISSED_HEARTBEATS: '2',
        VIGIL_INGEST_FLUSH_MS: '20',
        MQTT_CLIENT_ID: `t-${randomBytes(4).toString('hex')}`,
      },
    });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    fleet = await DeviceFleet.connect(platform);
    operator = await createUser(platform, admin, 'operator', 'op');
    op = { Authorization: `Bearer ${operator.token}` };
  });

  afterAll(async () => {
    await fleet?.close();
    await platform?.close();
    await mailbox?.close();
    await db?.drop();
  });

  async function device(siteId: string, type: string, prefix: string, parentId?: string, intervalSec = 1): Promise<string> {
    const body = { id: uniqueId(prefix), type, siteId, heartbeatIntervalSec: intervalSec, ...(parentId ? { parentId } : {}) };
    return (await platform.http.post('/api/devices').set(admin).send(body).expect(201)).body.id;
  }

  /** Heartbeat rounds as devices send them, one a second apart at most; answers when the last round went out. */
  async function beat(ids: string[], rounds: number, body: (id: string) => Record<string, unknown> = () => ({})): Promise<number> {
    for (let r = 0; r < rounds; r += 1) {
      // the devices' own pace: the spacing is the input, not a wait for something
      if (r > 0) await new Promise((resolve) => setTimeout(resolve, 400));
      await Promise.all(ids.map((id) => fleet.heartbeat(id, body(id))));
    }
    return Date.now();
  }

  /** Devices that keep sending, every 400 ms, until the answered timer is cleared. */
  function keepBeating(ids: string[], body: (id: string) => Record<string, unknown> = () => ({})): NodeJS.Timeout {
    void Promise.all(ids.map((id) => fleet.heartbeat(id, body(id))));
    return setInterval(() => void Promise.all(ids.map((id) => fleet.heartbeat(id, body(id)))), 400);
  }

  const faults = async (query: string): Promise<{ items: FaultBody[]; total: number }> => (await platform.http.get(`/api/faults?${query}`).set(op).expect(200)).body;
  const detail = async (id: string) => (await platform.http.get(`/api/faults/${id}`).set(op).expect(200)).body as FaultBody & { affected: string[]; history: { type: string }[] };
  const statuses = async (siteId: string) => (await platform.http.get(`/api/devices?siteId=${siteId}`).set(admin).expect(200)).body.items as { id: string; status: string }[];

  it('should make one fault of a site without topology that goes dark, listing all 30 devices, and clear it when they are back', async () => {
    const site = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    const cams: string[] = [];
    for (let i = 0; i < 30; i += 1) cams.push(await device(site.id, 'camera', 'CAM'));
    await beat(cams, 2);
    await waitFor(async () => (await statuses(site.id)).every((d) => d.status === 'online'), 15_000);

    const lastBeat = await beat(cams, 1);
    const outage = await waitFor(async () => {
      const open = await faults(`siteId=${site.id}&state=open`);
      return open.total === 1 && open.items[0].affectedCount === 30 ? open.items[0] : null;
    }, 20_000);
    expect(outage).toMatchObject({ deviceId: null, siteId: site.id, kind: 'site-offline', level: 1, state: 'open' });
    // within a few seconds of the deadline (two missed one-second heartbeats)
    expect(new Date(outage.openedAt).getTime() - (lastBeat + 2000)).toBeLessThan(8000);
    const listed = await detail(outage.id);
    expect(listed.affected).toEqual([...cams].sort());
    // never a fault per device, not even one closed again: the site was recognised first
    expect((await faults(`siteId=${site.id}`)).total).toBe(1);
    expect((await faults(`deviceId=${cams[0]}`)).total).toBe(0);
    // monitoring goes on: every device is offline in its own right
    expect((await statuses(site.id)).map((d) => d.status)).toEqual(cams.map(() => 'offline'));

    // back for good: they keep sending while the test looks (stopping again would be a second outage, and a third
    // change of state within ten minutes makes each camera flapping)
    const back = keepBeating(cams);
    try {
      const cleared = await waitFor(async () => {
        const f = await detail(outage.id);
        return f.state === 'closed' ? f : null;
      }, 15_000);
      expect(cleared.clearedAt).not.toBeNull();
      expect(cleared.affected).toEqual([]);
      expect(cleared.history.map((h) => h.type)).toEqual(expect.arrayContaining(['opened', 'affected', 'clear']));
      // no outage left or opened again (a camera whose one-second heartbeat a busy machine delays may flap on its own)
      expect((await faults(`siteId=${site.id}&state=open&kind=site-offline`)).total).toBe(0);
    } finally {
      clearInterval(back);
    }
  }, 90_000);

  it('should make one fault of a silent parent listing every child, the one with a video-loss fault too, and give the one still silent after the rest came back its own', async () => {
    const site = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    const sw = await device(site.id, 'switch', 'SW');
    const cams: string[] = [];
    for (let i = 0; i < 6; i += 1) cams.push(await device(site.id, 'camera', 'CAM', sw));
    // a server beside the switch: the site is not dark, the switch's silence is the outage
    const witness = await device(site.id, 'server', 'SRV');
    const [faulty, straggler] = cams;
    const health = (id: string) => (id === faulty ? { health: { video: 'lost' } } : {});
    // a server beside the switch keeps talking throughout
    const keepAlive = setInterval(() => void fleet.heartbeat(witness), 300);
    try {
      const estate = keepBeating([sw, ...cams], health);
      let videoLoss: FaultBody;
      try {
        videoLoss = await waitFor(async () => (await faults(`deviceId=${faulty}&state=open`)).items.find((f) => f.kind === 'video-loss'), 15_000);
        await waitFor(async () => (await statuses(site.id)).every((d) => d.status === 'online' || (d.id === faulty && d.status === 'degraded')), 15_000);
      } finally {
        clearInterval(estate);
      }
      const outage = await waitFor(async () => {
        const open = (await faults(`siteId=${site.id}&state=open&kind=offline`)).items;
        return open.length === 1 && open[0].affectedCount === 6 ? open[0] : null;
      }, 20_000);
      // a switch taking six devices with it: level 2 (widespread), not the site-offline level
      expect(outage).toMatchObject({ deviceId: sw, kind: 'offline', level: 2, state: 'open' });
      expect((await detail(outage.id)).affected).toEqual([...cams].sort());
      // the faulty camera keeps its own fault and is listed in the outage; its own list names only its own faults
      expect((await faults(`deviceId=${faulty}`)).items.map((f) => f.id)).toEqual([videoLoss.id]);
      expect((await detail(videoLoss.id)).state).toBe('open');
      expect((await faults(`siteId=${site.id}&kind=offline`)).total).toBe(1);

      // all back but one camera: the outage clears after the others' grace, the straggler gets its own fault
      const back = keepBeating([sw, ...cams.filter((c) => c !== straggler)], health);
      try {
        const own = await waitFor(async () => (await faults(`deviceId=${straggler}&state=open&kind=offline`)).items[0], 20_000);
        expect(own).toMatchObject({ deviceId: straggler, kind: 'offline', level: 3, affectedCount: 0 });
        const closed = await detail(outage.id);
        expect(closed.state).toBe('closed');
        expect(closed.clearedAt).not.toBeNull();
        expect((await faults(`siteId=${site.id}&state=open&kind=offline`)).items.map((f) => f.deviceId)).toEqual([straggler]);

        await beat([straggler], 2);
        await waitFor(async () => (await detail(own.id)).state === 'closed', 15_000);
      } finally {
        clearInterval(back);
      }
    } finally {
      clearInterval(keepAlive);
    }
  }, 90_000);

  it("should page each person once when a whole estate goes dark, the NVR's group wait notwithstanding: a site behind an NVR and a site without topology in one message", async () => {
    const behindNvr = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    const flat = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    // the NVR is missed first (one-second heartbeats): its fault opens holding its alert for the cameras (four-second ones)
    const nvr = await device(behindNvr.id, 'nvr', 'NVR');
    const cams: string[] = [];
    for (let i = 0; i < 4; i += 1) cams.push(await device(behindNvr.id, 'camera', 'CAM', nvr, 4));
    const loose: string[] = [];
    for (let i = 0; i < 5; i += 1) loose.push(await device(flat.id, 'camera', 'CAM', undefined, 4));
    const engineer = await createUser(platform, admin, 'engineer', 'eng');
    const supervisor = await createUser(platform, admin, 'supervisor', 'sup');
    await platform.http
      .post('/api/oncall/rotas')
      .set({ Authorization: `Bearer ${supervisor.token}` })
      .send({
        name: uniqueId('rota'),
        siteIds: [behindNvr.id, flat.id],
        members: [engineer.id],
        supervisorIds: [supervisor.id],
        startsAt: new Date(Date.now() - 3600_000).toISOString(),
        escalateAfterMinutes: [60, 120, 180],
        repeatEveryMinutes: 60,
      })
      .expect(201);
    const mailsTo = (u: TestUser): ReceivedMail[] => mailbox.mails.filter((m) => m.to.includes(u.email));
    const all = [nvr, ...cams, ...loose];
    await beat(all, 2);
    await waitFor(async () => [...(await statuses(behindNvr.id)), ...(await statuses(flat.id))].every((d) => d.status === 'online'), 15_000);

    await beat(all, 1);
    const outages = await waitFor(async () => {
      const open = [...(await faults(`siteId=${behindNvr.id}&state=open&kind=offline`)).items, ...(await faults(`siteId=${flat.id}&state=open&kind=site-offline`)).items];
      return open.length === 2 && open.every((f) => f.affectedCount >= 4 && f.level === 1) ? open : null;
    }, 30_000);
    // the NVR explains its site; the other site has no one device that does
    expect(outages.map((f) => [f.kind, f.deviceId]).sort()).toEqual([
      ['offline', nvr],
      ['site-offline', null],
    ]);

    const page = await waitFor(async () => mailsTo(engineer)[0], 30_000);
    // one message naming both outages, sent without waiting out the NVR's group wait
    const text = page.raw.replace(/=\r?\n/g, '');
    for (const f of outages) expect(text).toContain(f.id);
    const lastOpened = Math.max(...outages.map((f) => new Date(f.openedAt).getTime()));
    expect(page.receivedAt - lastOpened).toBeLessThan(20_000);
    // and nothing more while the outage stands: the first alert of each was decided (the NVR's group wait too), none of
    // their alerts waits in a queue, and what is left is the repeat an hour away
    const actions = platform.app.get(ScheduledActions);
    await waitFor(async () => (await Promise.all(outages.map((f) => actions.pending(`alert:${f.id}:step:0`)))).every((left) => left.length === 0), 30_000);
    await nothingQueued(
      platform,
      outages.map((f) => f.id),
      30_000,
    );
    const repeats = (await Promise.all(outages.map((f) => actions.pending(`alert:${f.id}:repeat`)))).flat();
    expect(repeats.map((a) => a.dueAt.getTime() > Date.now() + 30 * 60_000)).toEqual([true, true]);
    expect(mailsTo(engineer)).toEqual([page]);
    for (const f of outages) {
      const notes = (await platform.http.get(`/api/faults/${f.id}`).set(admin).expect(200)).body.notifications as { channel: string; recipient: string; detail: string | null }[];
      expect(notes.filter((n) => n.channel === 'email' && n.recipient === engineer.email)).toEqual([expect.objectContaining({ detail: 'digest of 2' })]);
    }
  }, 120_000);
});
