import { randomBytes } from 'node:crypto';
import { PatrolGenerator } from '@vigil/application';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeSite, uniqueId } from '../support/factories';
import { backdateInstallation } from '../support/installation';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

// a 1×1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

interface Entry { id: number; action: string; entity: string; entityId: string; before: unknown; after: unknown }

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
    await platform.http.post('/api/patrol-plans').set(sup).send({ kind: 'monthly', siteIds: [site.id], startsOn: '2026-11-01' }).expect(201);
    await platform.app.get(PatrolGenerator).generate(new Date('2026-11-10T00:00:00+08:00'));
    const [patrol] = (await platform.http.get(`/api/patrols?siteId=${site.id}`).set(sup).expect(200)).body.items;
    await platform.http.post(`/api/patrols/${patrol.id}/assign`).set(sup).send({ assigneeId: engId }).expect(200);
    await platform.http.post(`/api/patrols/${patrol.id}/start`).set(eng).expect(200);
    return { id: patrol.id, siteId: site.id };
  }

  const auditOf = async (entity: string, entityId: string): Promise<Entry[]> =>
    (await platform.http.get('/api/audit').query({ entity, entityId, limit: 500 }).set(admin).expect(200)).body.items;

  describe('audit of a patrol line edit', () => {
    it('should keep only the edited line, before and after, and a chain that still verifies', async () => {
      const { id, siteId } = await startedPatrol();
      const lines = (await platform.http.get(`/api/patrols/${id}`).set(eng).expect(200)).body.lines as { lineKey: string; item: { type: string } }[];
      const passable = lines.filter((l) => l.item.type === 'pass-fail');
      for (const l of passable.slice(1)) await platform.http.put(`/api/patrols/${id}/lines/${encodeURIComponent(l.lineKey)}`).set(eng).send({ outcome: 'pass' }).expect(200);
      const edited = passable[0].lineKey;
      await platform.http.put(`/api/patrols/${id}/lines/${encodeURIComponent(edited)}`).set(eng).send({ outcome: 'pass', note: 'first' }).expect(200);
      await platform.http.put(`/api/patrols/${id}/lines/${encodeURIComponent(edited)}`).set(eng).send({ outcome: 'fail', note: 'second look' }).expect(200);

      const entry = (await auditOf('patrol', id)).at(-1)!;
      expect(entry).toMatchObject({
        action: 'update',
        before: { patrolId: id, siteId, lineKey: edited, result: { lineKey: edited, outcome: 'pass', note: 'first' } },
        after: { patrolId: id, siteId, lineKey: edited, result: { lineKey: edited, outcome: 'fail', note: 'second look' } },
      });
      expect(JSON.stringify(entry).length).toBeLessThan(1500);
      // a photo on a line with no result yet: that line's before is its absence
      const photo = lines.find((l) => l.item.type === 'photo')!;
      await platform.http.post(`/api/patrols/${id}/lines/${encodeURIComponent(photo.lineKey)}/photos`).set(eng).set('Content-Type', 'image/png').send(PNG).expect(201);
      const added = (await auditOf('patrol', id)).at(-1)!;
      expect(added).toMatchObject({ before: { lineKey: photo.lineKey, result: null }, after: { lineKey: photo.lineKey, result: { photoIds: [expect.any(String)] } } });
      expect(JSON.stringify(added).length).toBeLessThan(1500);
      expect((await platform.http.get('/api/audit/verify').set(admin).expect(200)).body).toMatchObject({ ok: true });
    });
  });
});
