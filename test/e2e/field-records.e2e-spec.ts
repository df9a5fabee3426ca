import { randomBytes } from 'node:crypto';
import { PatrolGenerator } from '@vigil/application';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeSite, uniqueId } from '../support/factories';
import { backdateInstallation } from '../support/installation';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

// a 1×1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

interface Entry {
  id: number;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

describe.each(databaseTargets())('field records on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let sup: { Authorization: string };
  let eng: { Authorization: string };
  let engId: string;

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { mqttUrl: null, env: { MQTT_CLIENT_ID: `f-${randomBytes(4).toString('hex')}` } });
    await backdateInstallation(platform, '2026-01-01T00:00:00+08:00');
    admin = { Authorization: `Bearer ${await platform.login()}` };
    const user = async (role: string) => {
      const username = uniqueId(role);
      const id = (await platform.http.post('/api/users').set(admin).send({ username, password: 'password-123', role }).expect(201)).body.id as string;
      return { id, auth: { Authorization: `Bearer ${await platform.login(username, 'password-123')}` } };
    };
    sup = (await user('supervisor')).auth;
    ({ id: engId, auth: eng } = await user('engineer'));
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  /** A monthly patrol of a new site, assigned to the engineer and started. */
  async function startedPatrol(): Promise<{ id: string; siteId: string }> {
    const site = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    await platform.http
      .post('/api/patrol-plans')
      .set(sup)
      .send({ kind: 'monthly', siteIds: [site.id], startsOn: '2026-11-01' })
      .expect(201);
    await platform.app.get(PatrolGenerator).generate(new Date('2026-11-10T00:00:00+08:00'));
    const [patrol] = (await platform.http.get(`/api/patrols?siteId=${site.id}`).set(sup).expect(200)).body.items;
    await platform.http.post(`/api/patrols/${patrol.id}/assign`).set(sup).send({ assigneeId: engId }).expect(200);
    await platform.http.post(`/api/patrols/${patrol.id}/start`).set(eng).expect(200);
    return { id: patrol.id, siteId: site.id };
  }

  /** The same patrol taken through every required line, submitted and signed by the customer. */
  async function signedPatrol(): Promise<string> {
    const { id } = await startedPatrol();
    const lines = (await platform.http.get(`/api/patrols/${id}`).set(eng).expect(200)).body.lines as { lineKey: string; item: { type: string; required: boolean } }[];
    for (const line of lines.filter((l) => l.item.required)) {
      const body = line.item.type === 'number' ? { value: 40 } : line.item.type === 'text' ? { value: '好' } : { outcome: 'pass' };
      await platform.http
        .put(`/api/patrols/${id}/lines/${encodeURIComponent(line.lineKey)}`)
        .set(eng)
        .send(body)
        .expect(200);
    }
    await platform.http.post(`/api/patrols/${id}/submit`).set(eng).expect(200);
    await platform.http
      .post(`/api/patrols/${id}/sign`)
      .set(eng)
      .send({ signerName: '李四', signerTitle: '科长', signature: `data:image/png;base64,${PNG.toString('base64')}` })
      .expect(200);
    return id;
  }

  const auditOf = async (entity: string, entityId: string): Promise<Entry[]> =>
    (await platform.http.get('/api/audit').query({ entity, entityId, limit: 500 }).set(admin).expect(200)).body.items;

  describe('audit of a patrol line edit', () => {
    it('should keep only the edited line, before and after, and a chain that still verifies', async () => {
      const { id, siteId } = await startedPatrol();
      const lines = (await platform.http.get(`/api/patrols/${id}`).set(eng).expect(200)).body.lines as { lineKey: string; item: { type: string } }[];
      const passable = lines.filter((l) => l.item.type === 'pass-fail');
      for (const l of passable.slice(1))
        await platform.http
          .put(`/api/patrols/${id}/lines/${encodeURIComponent(l.lineKey)}`)
          .set(eng)
          .send({ outcome: 'pass' })
          .expect(200);
      const edited = passable[0].lineKey;
      await platform.http
        .put(`/api/patrols/${id}/lines/${encodeURIComponent(edited)}`)
        .set(eng)
        .send({ outcome: 'pass', note: 'first' })
        .expect(200);
      await platform.http
        .put(`/api/patrols/${id}/lines/${encodeURIComponent(edited)}`)
        .set(eng)
        .send({ outcome: 'fail', note: 'second look' })
        .expect(200);

      const entry = (await auditOf('patrol', id)).at(-1)!;
      expect(entry).toMatchObject({
        action: 'update',
        before: { patrolId: id, siteId, lineKey: edited, result: { lineKey: edited, outcome: 'pass', note: 'first' } },
        after: { patrolId: id, siteId, lineKey: edited, result: { lineKey: edited, outcome: 'fail', note: 'second look' } },
      });
      expect(JSON.stringify(entry).length).toBeLessThan(1500);
      // a photo on a line with no result yet: that line's before is its absence
      const photo = lines.find((l) => l.item.type === 'photo')!;
      await platform.http
        .post(`/api/patrols/${id}/lines/${encodeURIComponent(photo.lineKey)}/photos`)
        .set(eng)
        .set('Content-Type', 'image/png')
        .send(PNG)
        .expect(201);
      const added = (await auditOf('patrol', id)).at(-1)!;
      expect(added).toMatchObject({ before: { lineKey: photo.lineKey, result: null }, after: { lineKey: photo.lineKey, result: { photoIds: [expect.any(String)] } } });
      expect(JSON.stringify(added).length).toBeLessThan(1500);
      expect((await platform.http.get('/api/audit/verify').set(admin).expect(200)).body).toMatchObject({ ok: true });
    });
  });

  describe('Idempotency-Key', () => {
    const key = () => `k-${randomBytes(8).toString('hex')}`;

    it('should record a correction sent twice with one key once, and answer the second as the first', async () => {
      const id = await signedPatrol();
      const k = key();
      const correction = { lineKey: 'dusting', outcome: 'fail', note: '复查发现未除尘 dust found on recheck' };
      const first = await platform.http.post(`/api/patrols/${id}/corrections`).set(eng).set('Idempotency-Key', k).send(correction);
      const second = await platform.http
        .post(`/api/patrols/${id}/corrections`)
        .set(eng)
        .set('Idempotency-Key', k)
        .send({ note: correction.note, outcome: 'fail', lineKey: 'dusting' });
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body).toEqual(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect((await platform.http.get(`/api/patrols/${id}`).set(eng).expect(200)).body.corrections).toHaveLength(1);
      expect((await auditOf('patrol', id)).filter((e) => e.action === 'correct')).toHaveLength(1);

      // the same key with another body is the client's mistake: refused, nothing recorded
      const reused = await platform.http
        .post(`/api/patrols/${id}/corrections`)
        .set(eng)
        .set('Idempotency-Key', k)
        .send({ ...correction, note: 'another note' });
      expect(reused.status).toBe(422);
      expect(reused.body.message).toMatch(/Idempotency-Key .* was already used for a different request/);
      // a new key is a new correction
      await platform.http.post(`/api/patrols/${id}/corrections`).set(eng).set('Idempotency-Key', key()).send(correction).expect(201);
      expect((await platform.http.get(`/api/patrols/${id}`).set(eng).expect(200)).body.corrections).toHaveLength(2);
    });

    it('should create one fault for a report sent twice, answer both 201 with the same fault, and refuse the key for another report', async () => {
      const siteId = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body.id;
      const report = { siteId, kind: 'other', level: 3, description: 'no picture on the lobby wall', reporter: 'front desk', channel: 'phone' };
      const k = key();
      const first = await platform.http.post('/api/faults').set(sup).set('Idempotency-Key', k).send(report);
      const second = await platform.http.post('/api/faults').set(sup).set('Idempotency-Key', k).send(report);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body).toEqual(first.body);
      expect((await platform.http.get(`/api/faults?siteId=${siteId}`).set(sup).expect(200)).body.total).toBe(1);
      expect(
        (
          await platform.http
            .post('/api/faults')
            .set(sup)
            .set('Idempotency-Key', k)
            .send({ ...report, kind: 'no-picture' })
        ).status,
      ).toBe(422);
      // a refused request keeps nothing: corrected, it may go again with the same key
      const k2 = key();
      expect(
        (
          await platform.http
            .post('/api/faults')
            .set(sup)
            .set('Idempotency-Key', k2)
            .send({ ...report, siteId: 'no-such-site' })
        ).status,
      ).toBe(404);
      const retried = await platform.http
        .post('/api/faults')
        .set(sup)
        .set('Idempotency-Key', k2)
        .send({ ...report, kind: 'no-picture' });
      expect(retried.status).toBe(201);
    });

    it('should keep one photo for an upload sent twice, and refuse other bytes under the same key', async () => {
      const { id } = await startedPatrol();
      const k = key();
      const upload = (bytes: Buffer) =>
        platform.http.post(`/api/patrols/${id}/lines/photo-room/photos`).set(eng).set('Idempotency-Key', k).set('Content-Type', 'image/png').send(bytes);
      const first = await upload(PNG);
      const second = await upload(PNG);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body).toEqual(first.body);
      expect((await platform.http.get(`/api/patrols/${id}`).set(eng).expect(200)).body.photos).toHaveLength(1);
      expect((await upload(Buffer.concat([PNG, Buffer.from([0])]))).status).toBe(422);
    });

    it('should keep keys per user, let concurrent duplicates create one record, and refuse a malformed key', async () => {
      const id = await signedPatrol();
      const k = key();
      const correction = { lineKey: 'dusting', outcome: 'fail', note: 'raced' };
      const send = (auth: { Authorization: string }) => platform.http.post(`/api/patrols/${id}/corrections`).set(auth).set('Idempotency-Key', k).send(correction);
      const raced = await Promise.all([send(eng), send(eng), send(eng)]);
      expect(raced.map((r) => r.status).filter((s) => s !== 201 && s !== 409)).toEqual([]);
      expect((await platform.http.get(`/api/patrols/${id}`).set(eng).expect(200)).body.corrections).toHaveLength(1);
      // the supervisor's request with the same key is the supervisor's own
      await send(sup).expect(201);
      expect((await platform.http.get(`/api/patrols/${id}`).set(eng).expect(200)).body.corrections).toHaveLength(2);
      const bad = await platform.http.post(`/api/patrols/${id}/corrections`).set(eng).set('Idempotency-Key', 'has spaces').send(correction);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('Idempotency-Key');
    });

    it('should start and sign a patrol and close a fault once each when the field app sends them again with the same key', async () => {
      const site = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
      await platform.http
        .post('/api/patrol-plans')
        .set(sup)
        .send({ kind: 'weekly-power-on', siteIds: [site.id], startsOn: '2026-11-01' })
        .expect(201);
      await platform.app.get(PatrolGenerator).generate(new Date('2026-11-10T00:00:00+08:00'));
      const [patrol] = (await platform.http.get(`/api/patrols?siteId=${site.id}`).set(sup).expect(200)).body.items;
      await platform.http.post(`/api/patrols/${patrol.id}/assign`).set(sup).send({ assigneeId: engId }).expect(200);
      const startKey = key();
      const started = [];
      for (let i = 0; i < 2; i++) started.push(await platform.http.post(`/api/patrols/${patrol.id}/start`).set(eng).set('Idempotency-Key', startKey));
      expect(started.map((r) => r.status)).toEqual([200, 200]);
      expect(started[1].headers['idempotent-replayed']).toBe('true');
      await platform.http.put(`/api/patrols/${patrol.id}/lines/power-on`).set(eng).send({ outcome: 'pass' }).expect(200);
      await platform.http.post(`/api/patrols/${patrol.id}/submit`).set(eng).set('Idempotency-Key', key()).expect(200);
      const signKey = key();
      const signoff = { signerName: '李四', signerTitle: '科长', signature: `data:image/png;base64,${PNG.toString('base64')}` };
      const signed = [];
      for (let i = 0; i < 2; i++) signed.push(await platform.http.post(`/api/patrols/${patrol.id}/sign`).set(eng).set('Idempotency-Key', signKey).send(signoff));
      expect(signed.map((r) => r.status)).toEqual([200, 200]);
      expect(signed[1].body).toEqual(signed[0].body);
      const changes = (await auditOf('patrol', patrol.id)).filter((e) => e.action === 'update');
      // assign, start, one line, submit, sign: nothing twice
      expect(changes).toHaveLength(5);

      const fault = (
        await platform.http
          .post('/api/faults')
          .set(sup)
          .send({ siteId: site.id, kind: 'no-picture', level: 3, description: 'lobby monitor dark', reporter: 'front desk', channel: 'phone' })
          .expect(201)
      ).body;
      await platform.http.post(`/api/faults/${fault.id}/dispatch`).set(sup).send({ assigneeId: engId }).expect(200);
      const close = { resolution: 'replaced the monitor cable', repaired: true, signoff };
      const closeKey = key();
      const closed = [];
      for (let i = 0; i < 2; i++) closed.push(await platform.http.post(`/api/faults/${fault.id}/close`).set(eng).set('Idempotency-Key', closeKey).send(close));
      expect(closed.map((r) => r.status)).toEqual([200, 200]);
      expect(closed[1].headers['idempotent-replayed']).toBe('true');
      const history = (await platform.http.get(`/api/faults/${fault.id}`).set(eng).expect(200)).body.history as { type: string }[];
      expect(history.filter((h) => h.type === 'close')).toHaveLength(1);
      // without a key the second close is refused: the fault is closed already
      expect((await platform.http.post(`/api/faults/${fault.id}/close`).set(eng).send(close)).status).toBe(409);
    });

    it('should name the header in the OpenAPI document of the routes that take it', async () => {
      const doc = (await platform.http.get('/api/docs-json').expect(200)).body;
      const header = (op: { parameters?: { in: string; name: string }[] }) => (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key');
      expect(header(doc.paths['/api/patrols/{id}/corrections'].post)).toBe(true);
      expect(header(doc.paths['/api/faults'].post)).toBe(true);
      expect(header(doc.paths['/api/faults'].get)).toBe(false);
      // what the field app queues while it has no signal
      for (const [path, method] of [
        ['/api/patrols/{id}/start', 'post'],
        ['/api/patrols/{id}/lines/{lineKey}', 'put'],
        ['/api/patrols/{id}/lines/{lineKey}/photos', 'post'],
        ['/api/patrols/{id}/submit', 'post'],
        ['/api/patrols/{id}/sign', 'post'],
        ['/api/faults/{id}/arrive', 'post'],
        ['/api/faults/{id}/restore', 'post'],
        ['/api/faults/{id}/close', 'post'],
      ])
        expect([path, header(doc.paths[path][method])]).toEqual([path, true]);
    });
  });
});
