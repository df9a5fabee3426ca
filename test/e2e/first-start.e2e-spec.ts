import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { Installation } from '@vigil/application';
import { PATROL_KINDS, periodAt } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeSite } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

/** Seconds, not the patrol job's 5-minute tick: start-up work waits for what it needs, never for a guess. */
const SOON_MS = 15_000;

interface PatrolRow {
  id: string;
  siteId: string;
  planId: string;
  kind: string;
  period: string;
  periodEnd: string;
  dueAt: string;
  overdue: boolean;
  missed: boolean;
  generatedLate: boolean;
}

describe.each(databaseTargets())('a fresh install with the demo estate on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let startedIn: number;
  const patrols = async (query = '', on = platform) => {
    const admin = { Authorization: `Bearer ${await on.login()}` };
    return (await on.http.get(`/api/patrols${query}`).set(admin).expect(200)).body as { items: PatrolRow[]; total: number };
  };
  /** Seen from outside, as a user would: the platform answers, and its patrols are there within seconds. */
  const start = async () => {
    const began = Date.now();
    const started = await startTestPlatform(db, { env: { VIGIL_DEMO: '1', MQTT_CLIENT_ID: `fs-${randomBytes(4).toString('hex')}` } });
    try {
      await waitFor(async () => (await patrols('', started)).total === 15 * PATROL_KINDS.length, SOON_MS, 100);
    } catch (err) {
      await started.close();
      throw err;
    }
    startedIn = Date.now() - began;
    return started;
  };

  beforeAll(async () => {
    db = await target.create();
    platform = await start();
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  it("should have the current period's patrol of every plan at every site as soon as start-up is done, and none overdue from before it", async () => {
    expect(startedIn).toBeLessThan(60_000);
    const admin = { Authorization: `Bearer ${await platform.login()}` };
    const sites = (await platform.http.get('/api/sites').set(admin).expect(200)).body.items as { id: string }[];
    expect(sites).toHaveLength(15);
    const installedAt = await platform.app.get(Installation).installedAt();
    const { items, total } = await patrols();
    expect(total).toBe(sites.length * PATROL_KINDS.length);
    for (const kind of PATROL_KINDS) {
      const current = periodAt({ kind, timeZone: 'Asia/Shanghai' }, new Date()).key;
      const ofKind = items.filter((p) => p.kind === kind);
      expect(ofKind.map((p) => p.period)).toEqual(sites.map(() => current));
      expect(new Set(ofKind.map((p) => p.siteId))).toEqual(new Set(sites.map((s) => s.id)));
    }
    // no period that ended before the install, nothing overdue, missed or caught up late
    expect(items.filter((p) => new Date(p.periodEnd) <= installedAt)).toEqual([]);
    expect(items.filter((p) => p.overdue || p.missed || p.generatedLate)).toEqual([]);
    expect((await patrols('?state=overdue')).total).toBe(0);
    const overview = (await platform.http.get('/api/dashboard/overview').set(admin).expect(200)).body;
    expect(overview.patrols.overdue).toBe(0);
  });

  it('should keep its installation time and its patrols when it starts again', async () => {
    const installedAt = await platform.app.get(Installation).installedAt();
    const before = (await patrols()).items.map((p) => p.id).sort();
    await platform.close();
    platform = await start();
    expect(await platform.app.get(Installation).installedAt()).toEqual(installedAt);
    expect((await patrols()).items.map((p) => p.id).sort()).toEqual(before);
  });

  it("should give a plan created over the API its current period's patrol in the answer, not at the next tick", async () => {
    const admin = { Authorization: `Bearer ${await platform.login()}` };
    const site = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body as { id: string };
    const startsOn = DateTime.now().setZone('Asia/Shanghai').startOf('month').toISODate();
    const plan = (
      await platform.http
        .post('/api/patrol-plans')
        .set(admin)
        .send({ kind: 'monthly', siteIds: [site.id], startsOn })
        .expect(201)
    ).body as { id: string };
    const { items } = await patrols(`?siteId=${site.id}`);
    expect(items.map((p) => [p.planId, p.period, p.generatedLate])).toEqual([[plan.id, periodAt({ kind: 'monthly', timeZone: 'Asia/Shanghai' }, new Date()).key, false]]);
  });
});
