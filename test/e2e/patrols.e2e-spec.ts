import { randomBytes } from 'node:crypto';
import { PatrolJob } from '../../apps/scheduler/src/jobs/patrol.job';
import { ConflictError, PatrolGenerator, PatrolService } from '@vigil/application';
import { DEMO_SLA_POLICY } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { binary, pdfText } from '../support/pdf';
import { DeviceFleet } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { backdateInstallation } from '../support/installation';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

// a 1×1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const SIGNATURE = `data:image/png;base64,${PNG.toString('base64')}`;

describe.each(databaseTargets())('patrols on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  const as: Record<string, { Authorization: string }> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { env: { VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `p-${randomBytes(4).toString('hex')}` } });
    // these tests move the generator through 2026 and 2027: the install predates them
    await backdateInstallation(platform, '2026-01-01T00:00:00+08:00');
    admin = { Authorization: `Bearer ${await platform.login()}` };
    for (const [name, role] of [
      ['sup', 'supervisor'],
      ['eng', 'engineer'],
      ['eng2', 'engineer'],
      ['aud', 'auditor'],
      ['op', 'operator'],
    ]) {
      const username = uniqueId(name);
      ids[name] = (await platform.http.post('/api/users').set(admin).send({ username, password: 'password-123', role }).expect(201)).body.id;
      as[name] = { Authorization: `Bearer ${await platform.login(username, 'password-123')}` };
    }
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  async function siteWithPlan(kind: string, startsOn: string) {
    const site = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    const plan = (
      await platform.http
        .post('/api/patrol-plans')
        .set(as.sup)
        .send({ kind, siteIds: [site.id], startsOn })
        .expect(201)
    ).body;
    return { siteId: site.id as string, planId: plan.id as string };
  }

  // a plan is given its patrols up to today when it is created: the plans below that move the generator start in
  // 2037, whose calendar is 2026's (the same weekdays), so today's run creates none of theirs
  it('should create each period once across month and year ends, catch up after downtime marked late, and never twice', async () => {
    const { siteId, planId } = await siteWithPlan('monthly', '2037-11-01');
    const generator = platform.app.get(PatrolGenerator);
    expect(await generator.generate(new Date('2037-11-10T00:00:00+08:00'))).toBe(1);
    // the scheduler was down until 5 January: December and January are caught up
    await generator.generate(new Date('2038-01-05T00:00:00+08:00'));
    expect(await generator.generate(new Date('2038-01-05T00:00:00+08:00'))).toBe(0);
    const mine = async (period?: string) =>
      (
        await platform.http
          .get(`/api/patrols?siteId=${siteId}${period ? `&period=${period}` : ''}`)
          .set(as.op)
          .expect(200)
      ).body;
    const all = (await mine()).items.filter((p: { planId: string }) => p.planId === planId);
    expect(all.map((p: { period: string; generatedLate: boolean }) => [p.period, p.generatedLate])).toEqual([
      ['2037-11', false],
      ['2037-12', true],
      ['2038-01', false],
    ]);
    expect(all[1]).toMatchObject({ kind: 'monthly', state: 'due', periodStart: '2037-11-30T16:00:00.000Z', dueAt: '2037-12-31T16:00:00.000Z' });
    expect((await mine('2037-12')).items.map((p: { period: string }) => p.period)).toEqual(['2037-12']);
    expect((await platform.http.get('/api/patrols?period=2026-13').set(as.op)).status).toBe(400);
  });

  it("should owe no patrols for periods that begin after the site's contract ended", async () => {
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
          name: uniqueId('ended contract'),
          startsOn: '2026-01-01',
          endsOn: '2026-11-30',
          slaPolicy: DEMO_SLA_POLICY,
        })
        .expect(201)
    ).body;
    const site = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send({ ...makeSite(), customerId: customer.id, contractId: contract.id })
        .expect(201)
    ).body;
    await platform.http
      .post('/api/patrol-plans')
      .set(as.sup)
      .send({ kind: 'monthly', siteIds: [site.id], startsOn: '2026-10-01' })
      .expect(201);
    // the scheduler comes back in January: October and November are owed, December and January are not
    await platform.app.get(PatrolGenerator).generate(new Date('2027-01-05T00:00:00+08:00'));
    const periods = ((await platform.http.get(`/api/patrols?siteId=${site.id}`).set(as.op).expect(200)).body.items as { period: string }[]).map((p) => p.period).sort();
    expect(periods).toEqual(['2026-10', '2026-11']);
  });

  it('should let several generators run at once without creating anything twice (two processes on PostgreSQL)', async () => {
    // SQLite has one writer: several processes on one file is not a deployment Vigil supports, so there the generators share a process
    const second = target.name === 'postgres' ? await startTestPlatform(db, { env: { MQTT_CLIENT_ID: `p2-${randomBytes(4).toString('hex')}` } }) : platform;
    try {
      // the second process's own start-up run (on today's clock) is over before the plan exists, so only the three below race for it
      await second.app.get(PatrolJob).idle();
      const { siteId } = await siteWithPlan('weekly-power-on', '2037-10-05');
      const now = new Date('2037-11-22T12:00:00+08:00');
      const created = await Promise.all([
        platform.app.get(PatrolGenerator).generate(now),
        second.app.get(PatrolGenerator).generate(now),
        platform.app.get(PatrolGenerator).generate(now),
      ]);
      const weeks = (await platform.http.get(`/api/patrols?siteId=${siteId}&kind=weekly-power-on`).set(as.op).expect(200)).body.items as { period: string }[];
      // 5 Oct … 16 Nov, each once
      expect(weeks).toHaveLength(7);
      expect(new Set(weeks.map((w) => w.period)).size).toBe(7);
      expect(created.reduce((a, b) => a + b, 0)).toBe(7);
    } finally {
      if (second !== platform) await second.close();
    }
  });

  it('should take a plan with a cron schedule, generate a patrol per occurrence, and refuse a wrong schedule naming it', async () => {
    const site = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    const bad = await platform.http
      .post('/api/patrol-plans')
      .set(as.sup)
      .send({ kind: 'monthly', siteIds: [site.id], startsOn: '2026-11-01', cron: '*/10 * * * *' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('cron');
    expect(
      (
        await platform.http
          .post('/api/patrol-plans')
          .set(as.sup)
          .send({ kind: 'monthly', siteIds: [site.id], startsOn: '2026-02-31' })
      ).status,
    ).toBe(400);
    // every Wednesday at 14:00 Beijing time, two hours to do it
    const plan = (
      await platform.http
        .post('/api/patrol-plans')
        .set(as.sup)
        .send({ kind: 'monthly', siteIds: [site.id], startsOn: '2037-11-01', cron: '0 14 * * 3', durationMinutes: 120 })
        .expect(201)
    ).body;
    await platform.app.get(PatrolGenerator).generate(new Date('2037-11-20T00:00:00+08:00'));
    const mine = (await platform.http.get(`/api/patrols?siteId=${site.id}`).set(as.op).expect(200)).body.items.filter((p: { planId: string }) => p.planId === plan.id);
    expect(mine.map((p: { period: string }) => p.period).sort()).toEqual(['2037-10-28T14:00', '2037-11-04T14:00', '2037-11-11T14:00', '2037-11-18T14:00']);
    const nov4 = mine.find((p: { period: string }) => p.period === '2037-11-04T14:00');
    expect(nov4).toMatchObject({ periodStart: '2037-11-04T06:00:00.000Z', dueAt: '2037-11-04T08:00:00.000Z' });
  });

  it('should create nothing twice when the scheduler restarts on the same database', async () => {
    const { siteId } = await siteWithPlan('weekly-power-on', '2026-09-07');
    const count = async (p: TestPlatform) => (await p.http.get(`/api/patrols?siteId=${siteId}`).set(admin).expect(200)).body.total as number;
    // created with the plan, the weeks since 7 September caught up
    const before = await count(platform);
    expect(before).toBeGreaterThan(0);
    expect(await platform.app.get(PatrolGenerator).generate()).toBe(0);
    const restarted = await startTestPlatform(db, { env: { MQTT_CLIENT_ID: `pr-${randomBytes(4).toString('hex')}` } });
    try {
      expect(await restarted.app.get(PatrolGenerator).generate()).toBe(0);
      expect(await count(restarted)).toBe(before);
    } finally {
      await restarted.close();
    }
  });

  it('should carry a patrol through with live evidence, photos, a failed line opening a fault, sign-off, and nothing changing afterwards', async () => {
    const { siteId } = await siteWithPlan('monthly', '2026-01-01');
    const dvr = uniqueId('DVR');
    await platform.http.post('/api/devices').set(admin).send({ id: dvr, type: 'dvr', siteId, heartbeatIntervalSec: 30 }).expect(201);
    const device = await DeviceFleet.connect(platform);
    await device.heartbeat(dvr, { type: 'dvr', health: { disks: [{ id: '1', state: 'ok' }], channels: [{ ch: 1, recording: true, videoLoss: false }] } });
    await device.close();
    await waitFor(async () => (await platform.http.get(`/api/devices/${dvr}`).set(admin)).body.status === 'online');
    await platform.app.get(PatrolGenerator).generate();
    const [summary] = (await platform.http.get(`/api/patrols?siteId=${siteId}`).set(as.eng).expect(200)).body.items;
    const id = summary.id as string;

    expect((await platform.http.post(`/api/patrols/${id}/start`).set(as.aud)).status).toBe(403);
    await platform.http.post(`/api/patrols/${id}/assign`).set(as.sup).send({ assigneeId: ids.eng }).expect(200);
    expect((await platform.http.post(`/api/patrols/${id}/start`).set(as.eng2)).status).toBe(403);
    await platform.http.post(`/api/patrols/${id}/start`).set(as.eng).expect(200);

    const detail = (await platform.http.get(`/api/patrols/${id}`).set(as.eng).expect(200)).body;
    const recording = detail.lines.find((l: { lineKey: string }) => l.lineKey === `dvr-recording@${dvr}`);
    expect(recording.evidence).toMatchObject({ kind: 'recording', deviceId: dvr, ok: true, status: 'online' });
    expect(recording.evidence.lastSeenAt).not.toBeNull();

    expect((await platform.http.post(`/api/patrols/${id}/submit`).set(as.eng)).status).toBe(400);
    const bad = await platform.http
      .put(`/api/patrols/${id}/lines/${encodeURIComponent(`retention-days@${dvr}`)}`)
      .set(as.eng)
      .send({ value: 'many' });
    expect(bad.status).toBe(400);
    for (const line of detail.lines.filter((l: { item: { required: boolean } }) => l.item.required)) {
      const body = line.item.type === 'number' ? { value: line.item.key === 'retention-days' ? 21 : 40 } : line.item.type === 'text' ? { value: '好' } : { outcome: 'pass' };
      await platform.http
        .put(`/api/patrols/${id}/lines/${encodeURIComponent(line.lineKey)}`)
        .set(as.eng)
        .send({ ...body, note: line.item.key === 'retention-days' ? '只保存21天' : undefined })
        .expect(200);
    }
    const photo = await platform.http.post(`/api/patrols/${id}/lines/photo-room/photos`).set(as.eng).set('Content-Type', 'image/png').send(PNG).expect(201);
    expect(photo.body).toMatchObject({ bytes: PNG.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await platform.http.post(`/api/patrols/${id}/lines/photo-room/photos`).set(as.eng).set('Content-Type', 'image/png').send(Buffer.from('not a picture'))).status).toBe(
      400,
    );
    const back = await platform.http.get(`/api/patrols/${id}/photos/${photo.body.id}`).set(as.aud).expect(200);
    expect(Buffer.compare(back.body as Buffer, PNG)).toBe(0);

    const submitted = (await platform.http.post(`/api/patrols/${id}/submit`).set(as.eng).expect(200)).body;
    expect(submitted.state).toBe('submitted');
    expect(submitted.faultIds).toHaveLength(1);
    const fault = (await platform.http.get(`/api/faults/${submitted.faultIds[0]}`).set(as.op).expect(200)).body;
    expect(fault).toMatchObject({ source: 'patrol', patrolId: id, deviceId: dvr, subject: 'retention-days', level: 3 });

    expect((await platform.http.post(`/api/patrols/${id}/sign`).set(as.eng).send({ signerName: '李四', signerTitle: '科长', signature: 'javascript:alert(1)' })).status).toBe(400);
    await platform.http.post(`/api/patrols/${id}/sign`).set(as.eng).send({ signerName: '李四', signerTitle: '科长', signature: SIGNATURE, stamp: SIGNATURE }).expect(200);
    const signed = (await platform.http.get(`/api/patrols/${id}`).set(as.aud).expect(200)).body;
    expect(signed).toMatchObject({ state: 'signed', signoff: { signerName: '李四', signerTitle: '科长' } });

    // after sign-off: refused over the API and in the service itself
    expect((await platform.http.put(`/api/patrols/${id}/lines/dusting`).set(as.eng).send({ outcome: 'fail' })).status).toBe(409);
    expect((await platform.http.post(`/api/patrols/${id}/sign`).set(as.eng).send({ signerName: 'x', signerTitle: 'y', signature: SIGNATURE })).status).toBe(409);
    const actor = { userId: ids.sup, username: 'sup', role: 'supervisor' as const };
    await expect(platform.app.get(PatrolService).record(actor, id, 'dusting', { outcome: 'fail' })).rejects.toThrow(ConflictError);
    await platform.http.post(`/api/patrols/${id}/corrections`).set(as.eng).send({ lineKey: 'dusting', outcome: 'fail', note: '复查发现未除尘 dust found on recheck' }).expect(201);
    const after = (await platform.http.get(`/api/patrols/${id}`).set(as.aud).expect(200)).body;
    expect(after.lines.find((l: { lineKey: string }) => l.lineKey === 'dusting').result.outcome).toBe('pass');
    expect(after.corrections).toEqual([expect.objectContaining({ lineKey: 'dusting', outcome: 'fail', note: '复查发现未除尘 dust found on recheck' })]);

    // the signed record does not move with the estate: a new camera, a DVR whose recording stopped
    await platform.http
      .post('/api/devices')
      .set(admin)
      .send({ id: uniqueId('CAM'), type: 'camera', siteId, heartbeatIntervalSec: 30 })
      .expect(201);
    const later = await DeviceFleet.connect(platform);
    await later.heartbeat(dvr, { seq: 100, type: 'dvr', health: { disks: [{ id: '1', state: 'ok' }], channels: [{ ch: 1, recording: false, videoLoss: false }] } });
    await later.close();
    await waitFor(async () => (await platform.http.get(`/api/devices/${dvr}`).set(admin)).body.status === 'degraded');
    const still = (await platform.http.get(`/api/patrols/${id}`).set(as.aud).expect(200)).body;
    expect(still.lines).toEqual(after.lines);
    expect(still.lines.find((l: { lineKey: string }) => l.lineKey === `dvr-recording@${dvr}`).evidence).toMatchObject({ ok: true, status: 'online' });

    const csv = await platform.http.get(`/api/patrols/${id}/report.csv`).set(as.aud).expect(200);
    expect(csv.text).toContain('机房、机柜除尘');
    expect(csv.text).toContain('李四');
    expect(csv.text).toContain('复查发现未除尘');

    const pdf = await platform.http.get(`/api/patrols/${id}/report.pdf`).set(as.aud).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toContain('巡检记录 Patrol record');
    expect(text).toContain('机房、机柜除尘');
    expect(text).toContain('Machine room and cabinets');
    expect(text).toContain('李四');
    const month = await platform.http.get(`/api/patrol-reports/month.pdf?period=${summary.period}`).set(as.aud).buffer(true).parse(binary).expect(200);
    expect(await pdfText(month.body as Buffer)).toContain('月度巡检汇总 Monthly patrol summary');
    const monthCsv = await platform.http.get(`/api/patrol-reports/month.csv?period=${summary.period}`).set(as.aud).expect(200);
    expect(monthCsv.text).toContain(id);
    // per contract: this plan has none, so the demo contract's month does not list it
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
          name: '另一份合同 another contract',
          startsOn: '2026-01-01',
          endsOn: '2030-12-31',
          slaPolicy: DEMO_SLA_POLICY,
        })
        .expect(201)
    ).body;
    const ofContract = await platform.http.get(`/api/patrol-reports/month.csv?period=${summary.period}&contractId=${contract.id}`).set(as.aud).expect(200);
    expect(ofContract.text).toContain('另一份合同 another contract');
    expect(ofContract.text).not.toContain(id);
    // a contract that does not exist answers as one outside the caller's scope would
    expect((await platform.http.get(`/api/patrol-reports/month.csv?period=${summary.period}&contractId=nope`).set(as.aud)).status).toBe(404);
  });

  // last: from here on the monthly checklist is the one published here
  it('should publish a new checklist version for patrols generated from then on, and refuse a wrong one naming the item', async () => {
    const template = {
      name: { zh: '投影机月检', en: 'Projector monthly check' },
      items: [{ key: 'lamp-hours', subsystem: 'display', label: { zh: '灯泡时数', en: 'Lamp hours' }, type: 'number', required: true, appliesTo: null, max: 3000, unit: 'h' }],
    };
    const bad = await platform.http
      .post('/api/patrol-templates/monthly/versions')
      .set(as.sup)
      .send({ ...template, items: [{ ...template.items[0], type: 'slider' }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('items[0].type');
    await platform.http.post('/api/patrol-templates/monthly/versions').set(as.op).send(template).expect(403);
    await platform.http.post('/api/patrol-templates/yearly/versions').set(as.sup).send(template).expect(400);
    const published = (await platform.http.post('/api/patrol-templates/monthly/versions').set(as.sup).send(template).expect(201)).body;
    expect(published).toMatchObject({ id: 'monthly', kind: 'monthly', version: 2 });
    const { siteId } = await siteWithPlan('monthly', '2026-11-01');
    await platform.app.get(PatrolGenerator).generate(new Date('2026-11-10T00:00:00+08:00'));
    const [patrol] = (await platform.http.get(`/api/patrols?siteId=${siteId}`).set(as.op).expect(200)).body.items;
    expect(patrol.templateVersion).toBe(2);
    const detail = (await platform.http.get(`/api/patrols/${patrol.id}`).set(as.op).expect(200)).body;
    expect(detail.lines.map((l: { lineKey: string }) => l.lineKey)).toEqual(['lamp-hours']);
  });
});
