import { randomBytes } from 'node:crypto';
import { PatrolGenerator } from '@vigil/application';
import { DEMO_SLA_POLICY, type Role, type UserScope } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

type Auth = { Authorization: string };

// a 1×1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const SIGNATURE = `data:image/png;base64,${PNG.toString('base64')}`;

/**
 * Two customers, A and B; users scoped to B against A's patrols, their files, plans and month reports:
 * lists filtered, everything of A 404 and unchanged; engineers work only the patrols assigned to them.
 */
describe.each(databaseTargets())('patrols kept per customer on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: Auth;
  const as: Record<string, Auth> = {};
  const ids: Record<string, string> = {};
  const A = { customer: '', contract: '', site: '', plan: '', patrol: '', photo: '' };
  const B = { customer: '', contract: '', site: '', site2: '', plan: '', patrol: '', patrol2: '' };
  const period = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7);

  async function user(name: string, role: Role, scope: UserScope | null) {
    const username = uniqueId(name);
    ids[name] = (await platform.http.post('/api/users').set(admin).send({ username, password: 'password-123', role, scope }).expect(201)).body.id;
    as[name] = { Authorization: `Bearer ${await platform.login(username, 'password-123')}` };
  }

  async function customer(name: string) {
    const c = (
      await platform.http
        .post('/api/customers')
        .set(admin)
        .send({ name: uniqueId(name) })
        .expect(201)
    ).body;
    const contract = (
      await platform.http
        .post('/api/contracts')
        .set(admin)
        .send({
          customerId: c.id,
          name: `${name} contract`,
          startsOn: '2026-01-01',
          endsOn: '2030-12-31',
          slaPolicy: DEMO_SLA_POLICY,
        })
        .expect(201)
    ).body;
    const site = async () =>
      (
        await platform.http
          .post('/api/sites')
          .set(admin)
          .send(makeSite({ customerId: c.id, contractId: contract.id }))
          .expect(201)
      ).body.id as string;
    return { customer: c.id as string, contract: contract.id as string, site };
  }

  const patrolOf = async (id: string) => (await platform.http.get(`/api/patrols/${id}`).set(admin).expect(200)).body;
  const patrolAt = async (siteId: string) => (await platform.http.get(`/api/patrols?siteId=${siteId}`).set(admin).expect(200)).body.items[0].id as string;
  const plansOf = async (who: Auth) => (await platform.http.get('/api/patrol-plans').set(who).expect(200)).body.items.map((p: { id: string }) => p.id) as string[];

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { env: { MQTT_CLIENT_ID: `sp-${randomBytes(4).toString('hex')}` } });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    const a = await customer('A');
    const b = await customer('B');
    Object.assign(A, { customer: a.customer, contract: a.contract, site: await a.site() });
    Object.assign(B, { customer: b.customer, contract: b.contract, site: await b.site(), site2: await b.site() });
    const ofB = { customerIds: [B.customer], siteIds: [] };
    await user('sup', 'supervisor', null);
    await user('eng', 'engineer', null);
    await user('engA', 'engineer', { customerIds: [A.customer], siteIds: [] });
    await user('supB', 'supervisor', ofB);
    await user('supB1', 'supervisor', { customerIds: [], siteIds: [B.site] });
    await user('opB', 'operator', ofB);
    await user('engB', 'engineer', ofB);
    await user('engB2', 'engineer', ofB);
    await user('audB', 'auditor', ofB);
    const startsOn = `${period}-01`;
    A.plan = (
      await platform.http
        .post('/api/patrol-plans')
        .set(as.sup)
        .send({ kind: 'monthly', siteIds: [A.site], startsOn })
        .expect(201)
    ).body.id;
    B.plan = (await platform.http.post('/api/patrol-plans').set(as.sup).send({ kind: 'monthly', contractId: B.contract, startsOn }).expect(201)).body.id;
    await platform.app.get(PatrolGenerator).generate();
    A.patrol = await patrolAt(A.site);
    B.patrol = await patrolAt(B.site);
    B.patrol2 = await patrolAt(B.site2);
    // A's patrol under way: assigned, started, a line recorded and a photo taken
    await platform.http.post(`/api/patrols/${A.patrol}/assign`).set(as.sup).send({ assigneeId: ids.eng }).expect(200);
    await platform.http.post(`/api/patrols/${A.patrol}/start`).set(as.eng).expect(200);
    await platform.http.put(`/api/patrols/${A.patrol}/lines/dusting`).set(as.eng).send({ outcome: 'pass' }).expect(200);
    A.photo = (await platform.http.post(`/api/patrols/${A.patrol}/lines/photo-room/photos`).set(as.eng).set('Content-Type', 'image/png').send(PNG).expect(201)).body.id;
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  it("should list only B's patrols for B's users, and answer 404 for A's patrol, its report files and photos", async () => {
    for (const who of ['supB', 'opB', 'engB', 'audB']) {
      const listed = (await platform.http.get('/api/patrols').set(as[who]).expect(200)).body.items.map((p: { id: string }) => p.id).sort();
      expect([who, listed]).toEqual([who, [B.patrol, B.patrol2].sort()]);
      expect([who, (await platform.http.get(`/api/patrols?siteId=${A.site}`).set(as[who]).expect(200)).body.total]).toEqual([who, 0]);
      for (const path of [`/api/patrols/${A.patrol}`, `/api/patrols/${A.patrol}/report.csv`, `/api/patrols/${A.patrol}/report.pdf`, `/api/patrols/${A.patrol}/photos/${A.photo}`]) {
        expect([who, path, (await platform.http.get(path).set(as[who])).status]).toEqual([who, path, 404]);
      }
    }
    // the same files are there for those who may see them
    await platform.http.get(`/api/patrols/${A.patrol}/photos/${A.photo}`).set(as.sup).expect(200);
    await platform.http.get(`/api/patrols/${A.patrol}/report.csv`).set(as.sup).expect(200);
  });

  it("should answer 404 to every change of B's users on A's patrol, and change nothing", async () => {
    const before = await patrolOf(A.patrol);
    const calls: [string, string, (who: Auth) => import('supertest').Test][] = [];
    for (const who of ['supB', 'opB', 'engB']) {
      calls.push(
        ['assign', who, (h) => platform.http.post(`/api/patrols/${A.patrol}/assign`).set(h).send({ assigneeId: ids.engB })],
        ['start', who, (h) => platform.http.post(`/api/patrols/${A.patrol}/start`).set(h)],
        ['record', who, (h) => platform.http.put(`/api/patrols/${A.patrol}/lines/dusting`).set(h).send({ outcome: 'fail', note: 'forged' })],
        ['photo', who, (h) => platform.http.post(`/api/patrols/${A.patrol}/lines/photo-room/photos`).set(h).set('Content-Type', 'image/png').send(PNG)],
        ['submit', who, (h) => platform.http.post(`/api/patrols/${A.patrol}/submit`).set(h)],
        ['sign', who, (h) => platform.http.post(`/api/patrols/${A.patrol}/sign`).set(h).send({ signerName: 'x', signerTitle: 'y', signature: SIGNATURE })],
        ['correct', who, (h) => platform.http.post(`/api/patrols/${A.patrol}/corrections`).set(h).send({ lineKey: 'dusting', outcome: 'fail', note: 'forged note' })],
      );
    }
    // a role without the permission is refused before anything is looked up: operators assign, engineers work
    const roleRefused = (call: string, who: string) => (who === 'opB' && call !== 'assign') || (who === 'engB' && call === 'assign');
    for (const [call, who, send] of calls) {
      expect([call, who, (await send(as[who])).status]).toEqual([call, who, roleRefused(call, who) ? 403 : 404]);
    }
    const after = await patrolOf(A.patrol);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ state: 'in-progress', assigneeId: ids.eng });
    expect(after.photos).toHaveLength(1);
  });

  it('should assign only to an engineer or supervisor whose scope covers the site, and let engineers work only their own patrols', async () => {
    const toA = await platform.http.post(`/api/patrols/${B.patrol}/assign`).set(as.supB).send({ assigneeId: ids.engA });
    expect(toA.status).toBe(400);
    expect(toA.body.field).toBe('assigneeId');
    expect((await platform.http.post(`/api/patrols/${B.patrol}/assign`).set(as.opB).send({ assigneeId: ids.audB })).body.field).toBe('assigneeId');
    expect((await patrolOf(B.patrol)).assigneeId).toBeNull();
    await platform.http.post(`/api/patrols/${B.patrol}/assign`).set(as.opB).send({ assigneeId: ids.engB }).expect(200);

    expect((await platform.http.post(`/api/patrols/${B.patrol}/start`).set(as.engB2)).status).toBe(403);
    await platform.http.post(`/api/patrols/${B.patrol}/start`).set(as.engB).expect(200);
    expect((await platform.http.put(`/api/patrols/${B.patrol}/lines/dusting`).set(as.engB2).send({ outcome: 'pass' })).status).toBe(403);
    expect((await platform.http.post(`/api/patrols/${B.patrol}/lines/photo-room/photos`).set(as.engB2).set('Content-Type', 'image/png').send(PNG)).status).toBe(403);
    await platform.http.put(`/api/patrols/${B.patrol}/lines/dusting`).set(as.engB).send({ outcome: 'pass' }).expect(200);
    // a supervisor works any patrol in scope
    await platform.http.put(`/api/patrols/${B.patrol}/lines/audio-levels`).set(as.supB).send({ outcome: 'pass' }).expect(200);
    expect((await patrolOf(B.patrol)).results.map((r: { lineKey: string }) => r.lineKey).sort()).toEqual(['audio-levels', 'dusting']);

    // nobody's patrol yet: not an engineer's to start
    expect((await platform.http.post(`/api/patrols/${B.patrol2}/start`).set(as.engB)).status).toBe(403);
    expect((await patrolOf(B.patrol2)).state).toBe('due');
    await platform.http.post(`/api/patrols/${B.patrol2}/start`).set(as.supB).expect(200);
  });

  it("should list the plans touching B, and create plans only over B's contract or sites", async () => {
    for (const who of ['supB', 'audB']) {
      const plans = await plansOf(as[who]);
      expect([who, plans.includes(B.plan), plans.includes(A.plan)]).toEqual([who, true, false]);
    }
    const before = await plansOf(admin);
    const plan = (body: Record<string, unknown>, who = as.supB) =>
      platform.http
        .post('/api/patrol-plans')
        .set(who)
        .send({ kind: 'monthly', startsOn: `${period}-01`, ...body });
    expect((await plan({ siteIds: [A.site] })).status).toBe(404);
    expect((await plan({ siteIds: [B.site, A.site] })).status).toBe(404);
    expect((await plan({ contractId: A.contract })).status).toBe(404);
    expect((await plan({ contractId: A.contract, siteIds: [B.site] })).status).toBe(404);
    expect((await plan({})).status).toBe(403);
    // a whole contract needs its customer whole in the scope; one site of it does not do
    expect((await plan({ contractId: B.contract }, as.supB1)).status).toBe(404);
    expect((await plan({ siteIds: [B.site2] }, as.supB1)).status).toBe(404);
    expect(await plansOf(admin)).toEqual(before);
    const made = [
      (await plan({ contractId: B.contract }).expect(201)).body.id,
      (await plan({ siteIds: [B.site] }).expect(201)).body.id,
      (await plan({ contractId: B.contract, siteIds: [B.site] }, as.supB1).expect(201)).body.id,
    ];
    expect((await plansOf(admin)).sort()).toEqual([...before, ...made].sort());
  });

  it('should let everyone read the checklist templates and only unscoped users publish one', async () => {
    const templates = (await platform.http.get('/api/patrol-templates').set(as.engB).expect(200)).body;
    expect(templates.total).toBeGreaterThan(0);
    const template = {
      name: { zh: '投影机月检', en: 'Projector monthly check' },
      items: [{ key: 'lamp-hours', subsystem: 'display', label: { zh: '灯泡时数', en: 'Lamp hours' }, type: 'number', required: true, appliesTo: null, max: 3000, unit: 'h' }],
    };
    expect((await platform.http.post('/api/patrol-templates/monthly/versions').set(as.supB).send(template)).status).toBe(403);
    expect((await platform.http.get('/api/patrol-templates').set(admin).expect(200)).body.total).toBe(templates.total);
  });

  it("should report a month of B's patrols only, and answer 404 for A's contract or site", async () => {
    for (const who of ['supB', 'audB']) {
      const csv = (await platform.http.get(`/api/patrol-reports/month.csv?period=${period}`).set(as[who]).expect(200)).text;
      expect([who, csv.includes(B.patrol), csv.includes(B.patrol2), csv.includes(A.patrol)]).toEqual([who, true, true, false]);
      for (const query of [`contractId=${A.contract}`, `siteId=${A.site}`, 'contractId=no-such-contract']) {
        for (const file of ['month.csv', 'month.pdf']) {
          expect([who, file, query, (await platform.http.get(`/api/patrol-reports/${file}?period=${period}&${query}`).set(as[who])).status]).toEqual([who, file, query, 404]);
        }
      }
    }
    const ofB = (await platform.http.get(`/api/patrol-reports/month.csv?period=${period}&contractId=${B.contract}`).set(as.audB).expect(200)).text;
    expect(ofB).toContain(B.patrol);
    const all = (await platform.http.get(`/api/patrol-reports/month.csv?period=${period}`).set(as.sup).expect(200)).text;
    expect(all).toContain(A.patrol);
  });
});
