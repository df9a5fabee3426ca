import { randomBytes } from 'node:crypto';
import { IngestService, SiteVideoProfiles, VideoEvidenceRecorder } from '@vigil/application';
import { DEMO_SLA_POLICY, type SiteClass } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceClient, DeviceFleet } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

/** YYYY-MM-DD of an instant in a zone, and `days` before it. */
function localDate(at: Date, timeZone: string, daysBefore = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  return new Date(Date.parse(`${today}T00:00:00Z`) - daysBefore * 86_400_000).toISOString().slice(0, 10);
}

/** Hours elapsed in the local day of a zone now. */
function localHour(timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
}

/** Seconds elapsed in the local day of a zone at an instant (neither test zone changes its clocks in the hours it uses). */
function localElapsedSec(timeZone: string, at: Date): number {
  const [h, m, sec] = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at).split(':').map(Number);
  return h * 3600 + m * 60 + sec;
}

/** A zone where at least 3 hours of the local day have passed, so a 2-hour gap fits in it (Shanghai unless it is just after midnight there). */
const GAP_ZONE = ['Asia/Shanghai', 'Europe/Berlin'].find((z) => localHour(z) >= 3)!;

describe.each(databaseTargets())('recording, retention and VQD conditions on $name', (dbTarget) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let devices: DeviceFleet;

  beforeAll(async () => {
    db = await dbTarget.create();
    // devices log in (VIGIL_MQTT_AUTH on, the default)
    platform = await startTestPlatform(db, { env: { VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `t-${randomBytes(4).toString('hex')}` } });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    devices = await DeviceFleet.connect(platform);
  });

  afterAll(async () => {
    await devices?.close();
    await platform?.close();
    await db?.drop();
  });

  /** A site of a class in a zone (under a contract when given), seen by the video profiles. */
  async function site(siteClass: SiteClass, timeZone = 'Asia/Shanghai', extra: Record<string, string> = {}): Promise<string> {
    const id = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send({ ...makeSite(extra), siteClass, timeZone })
        .expect(201)
    ).body.id as string;
    const profiles = platform.app.get(SiteVideoProfiles);
    await waitFor(async () => profiles.profileOf(id).siteClass === siteClass && profiles.profileOf(id).timeZone === timeZone);
    return id;
  }

  async function register(siteId: string, type: 'dvr' | 'camera'): Promise<string> {
    const id = uniqueId(type.toUpperCase());
    await platform.http.post('/api/devices').set(admin).send({ id, type, siteId, heartbeatIntervalSec: 600 }).expect(201);
    await waitFor(async () => platform.app.get(IngestService).stateOf(id) !== undefined);
    return id;
  }

  const read = async (id: string) => (await platform.http.get(`/api/devices/${id}`).set(admin).expect(200)).body;
  const faultsOf = async (id: string) => (await platform.http.get(`/api/faults?deviceId=${id}`).set(admin).expect(200)).body.items as Record<string, any>[];
  const openFault = (id: string, kind: string) => waitFor(async () => (await faultsOf(id)).find((f) => f.kind === kind && f.clearedAt === null && f.state === 'open'));
  const dropped = async (reason: string) => {
    const text = (await platform.http.get('/metrics')).text;
    return Number(new RegExp(`vigil_ingest_dropped_total\\{reason="${reason}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  };

  it("should keep a site's class, 'general' unless told, and refuse an unknown one naming the field", async () => {
    const plain = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    expect(plain.siteClass).toBe('general');
    const bad = await platform.http
      .post('/api/sites')
      .set(admin)
      .send({ ...makeSite(), siteClass: 'casino' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('siteClass');
    await platform.http.patch(`/api/sites/${plain.id}`).set(admin).send({ siteClass: 'prison' }).expect(200);
    expect((await platform.http.get(`/api/sites/${plain.id}`).set(admin).expect(200)).body.siteClass).toBe('prison');
    expect((await platform.http.patch(`/api/sites/${plain.id}`).set(admin).send({ siteClass: 42 })).status).toBe(400);
  });

  it("should open a recording-gap fault of the default level for a 2-hour gap in the site's day, and clear it when a report shows none", async () => {
    const siteId = await site('general', GAP_ZONE);
    const dvr = await register(siteId, 'dvr');
    const now = Date.now();
    const gap = { from: new Date(now - 2 * 3600_000 - 300_000).toISOString(), to: new Date(now - 300_000).toISOString() };
    const elapsedSec = localElapsedSec(GAP_ZONE, new Date(now));
    await devices.heartbeat(dvr, { health: { channels: [{ ch: 2, recording: true, gaps: [gap], recordedSec: elapsedSec - 7200 }] } });
    const fault = await openFault(dvr, 'recording-gap');
    expect(fault).toMatchObject({ subject: '2', level: 3, source: 'health' });
    expect((await read(dvr)).conditions).toEqual([{ kind: 'recording-gap', subject: '2' }]);
    // the same report is the day's evidence: completeness below 100 % for the site's today, by hand (elapsed - 2 h) / elapsed
    await platform.app.get(VideoEvidenceRecorder).flush();
    const today = (await platform.http.get(`/api/video/figures?siteId=${siteId}`).set(admin).expect(200)).body;
    expect(today.sites[0].timeZone).toBe(GAP_ZONE);
    expect(today.completeness).toBeLessThan(1);
    expect(today.completeness).toBeCloseTo((elapsedSec - 7200) / elapsedSec, 2);

    // a heartbeat without the recording fields keeps the condition; one with a short gap clears it
    await devices.heartbeat(dvr, { health: { channels: [{ ch: 2, recording: true }] } });
    await devices.heartbeat(dvr, { health: { channels: [{ ch: 2, recording: true, gaps: [{ from: gap.from, to: new Date(Date.parse(gap.from) + 600_000).toISOString() }] }] } });
    await waitFor(async () => (await read(dvr)).conditions.length === 0);
    await waitFor(async () => (await faultsOf(dvr)).find((f) => f.id === fault.id && f.clearedAt !== null));
  });

  it('should open a retention-short fault for 20 days kept at a bank (30 days)', async () => {
    const siteId = await site('bank');
    const dvr = await register(siteId, 'dvr');
    await devices.heartbeat(dvr, { health: { channels: [{ ch: 1, oldestRecording: localDate(new Date(), 'Asia/Shanghai', 20) }] } });
    expect(await openFault(dvr, 'retention-short')).toMatchObject({ subject: '1', level: 2 });
    // 30 days kept is enough
    await devices.heartbeat(dvr, { health: { channels: [{ ch: 1, oldestRecording: localDate(new Date(), 'Asia/Shanghai', 30) }] } });
    await waitFor(async () => (await read(dvr)).conditions.length === 0);
  });

  it("should judge a hotel's 40 days by the 90 of the defaults, and by its contract's 30 once the contract says so", async () => {
    const customer = (
      await platform.http
        .post('/api/customers')
        .set(admin)
        .send({ name: uniqueId('hotel group') })
        .expect(201)
    ).body;
    const contract = (
      await platform.http
        .post('/api/contracts')
        .set(admin)
        .send({ customerId: customer.id, name: 'hotel contract', startsOn: '2026-01-01', endsOn: '2030-12-31', slaPolicy: DEMO_SLA_POLICY })
        .expect(201)
    ).body;
    const siteId = await site('hotel', 'Asia/Shanghai', { customerId: customer.id, contractId: contract.id });
    const dvr = await register(siteId, 'dvr');
    const report = () => devices.heartbeat(dvr, { health: { channels: [{ ch: 1, oldestRecording: localDate(new Date(), 'Asia/Shanghai', 40) }] } });
    await report();
    expect(await openFault(dvr, 'retention-short')).toMatchObject({ level: 2 });

    const bad = await platform.http
      .put(`/api/contracts/${contract.id}/fault-rules`)
      .set(admin)
      .send({ faultRules: { video: { retentionDays: { motel: 30 } } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('faultRules.video.retentionDays.motel');
    await platform.http
      .put(`/api/contracts/${contract.id}/fault-rules`)
      .set(admin)
      .send({ faultRules: { video: { retentionDays: { hotel: 30 } }, levels: { 'vqd-occlusion': { camera: 2 } } } })
      .expect(200);
    await waitFor(async () => platform.app.get(SiteVideoProfiles).profileOf(siteId).thresholds.retentionDays.hotel === 30);
    await report();
    await waitFor(async () => (await read(dvr)).conditions.length === 0);
    await waitFor(async () => (await faultsOf(dvr)).every((f) => f.clearedAt !== null));

    // the same contract levels a camera's occlusion at 2
    const camera = await register(siteId, 'camera');
    await devices.raw(`vigil/v1/devices/${camera}/vqd`, JSON.stringify({ ts: new Date().toISOString(), checks: { occlusion: false } }));
    expect(await openFault(camera, 'vqd-occlusion')).toMatchObject({ level: 2 });
  });

  it("should open a vqd-occlusion fault for a camera's failed occlusion check, and raise nothing for checks that pass", async () => {
    const siteId = await site('general');
    const camera = await register(siteId, 'camera');
    await devices.heartbeat(camera, { health: { video: 'ok' } });
    await devices.raw(
      `vigil/v1/devices/${camera}/vqd`,
      JSON.stringify({ ts: new Date().toISOString(), checks: { occlusion: { score: 12, pass: false }, blur: { score: 88 }, frozen: true } }),
    );
    const fault = await openFault(camera, 'vqd-occlusion');
    expect(fault).toMatchObject({ subject: null, level: 3 });
    const state = await waitFor(async () => {
      const d = await read(camera);
      return d.status === 'degraded' && d;
    });
    expect(state.conditions).toEqual([{ kind: 'vqd-occlusion' }]);
    // a score under the contract's floor (60) fails the check too
    const dvr = await register(siteId, 'dvr');
    await devices.raw(`vigil/v1/devices/${dvr}/vqd`, JSON.stringify({ ts: new Date().toISOString(), ch: 5, checks: { blur: { score: 35 } } }));
    expect(await openFault(dvr, 'vqd-blur')).toMatchObject({ subject: '5', level: 4 });
  });

  it('should drop and count a bad VQD report and change nothing', async () => {
    const camera = await register(await site('general'), 'camera');
    await devices.heartbeat(camera, { health: { video: 'ok' } });
    await waitFor(async () => (await read(camera)).status === 'online');
    const before = await dropped('invalid-field');
    const notJson = await dropped('not-json');
    await devices.raw(`vigil/v1/devices/${camera}/vqd`, JSON.stringify({ ts: new Date().toISOString(), checks: { smudge: false } }));
    await devices.raw(`vigil/v1/devices/${camera}/vqd`, '{"ts":');
    await waitFor(async () => (await dropped('invalid-field')) > before && (await dropped('not-json')) > notJson);
    const drops = (await platform.http.get('/api/ingest/dropped').set(admin).expect(200)).body.items as { topic: string; detail: string }[];
    expect(drops.find((d) => d.topic === `vigil/v1/devices/${camera}/vqd` && d.detail.startsWith('checks.smudge is not a check'))).toBeDefined();
    expect(await read(camera)).toMatchObject({ status: 'online', conditions: [] });
    expect(await faultsOf(camera)).toEqual([]);
  });

  it('should refuse a device publishing VQD reports for another device', async () => {
    const siteId = await site('general');
    const [mine, other] = [await register(siteId, 'camera'), await register(siteId, 'camera')];
    const client = await DeviceClient.asDevice(platform, mine);
    try {
      const closed = new Promise<'closed'>((resolve) => client.client.once('close', () => resolve('closed')));
      // aedes refuses by closing the connection: either way the broker has handled it
      await Promise.race([client.raw(`vigil/v1/devices/${other}/vqd`, JSON.stringify({ ts: new Date().toISOString(), checks: { occlusion: false } })), closed]);
      // its own report goes through (on a new connection if the broker closed the first)
      const again = client.client.connected ? client : await DeviceClient.asDevice(platform, mine);
      await again.raw(`vigil/v1/devices/${mine}/vqd`, JSON.stringify({ ts: new Date().toISOString(), checks: { frozen: false } }));
      if (again !== client) await again.close();
      await openFault(mine, 'vqd-frozen');
      expect((await read(other)).conditions).toEqual([]);
      expect(await faultsOf(other)).toEqual([]);
    } finally {
      // forced: a client the broker closed still holds the refused message in flight
      client.client.end(true);
    }
  });
});
