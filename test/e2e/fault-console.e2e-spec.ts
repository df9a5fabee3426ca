import { databaseTargets, type TestDatabase } from '../support/databases';
import { createUser, makeSite, uniqueId, type TestUser } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

/** What the operator console asks of a fault beside the fault itself: who is on call, whom to dispatch to, and many acknowledged at once. */
describe.each(databaseTargets())("the console's fault routes on $name", (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let op: TestUser;
  let sup: TestUser;
  let onCall: TestUser;
  let backup: TestUser;
  let elsewhere: TestUser;
  let site: { id: string };
  let other: { id: string };
  const as = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const report = async (siteId: string, kind: string) =>
    (
      await platform.http
        .post('/api/faults')
        .set(as(op))
        .send({ siteId, kind, level: 3, description: `${kind} reported`, reporter: '王五', channel: 'phone' })
        .expect(201)
    ).body as { id: string };

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db);
    admin = { Authorization: `Bearer ${await platform.login()}` };
    op = await createUser(platform, admin, 'operator', 'op');
    sup = await createUser(platform, admin, 'supervisor', 'sup');
    onCall = await createUser(platform, admin, 'engineer', 'oncall');
    backup = await createUser(platform, admin, 'engineer', 'backup');
    site = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    other = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    // an engineer whose scope is the other site only: never offered for this site's faults
    elsewhere = await createUser(platform, admin, 'engineer', 'elsewhere');
    await platform.http
      .patch(`/api/users/${elsewhere.id}`)
      .set(admin)
      .send({ scope: { customerIds: [], siteIds: [other.id] } })
      .expect(200);
    await platform.http
      .post('/api/oncall/rotas')
      .set(as(sup))
      .send({ name: uniqueId('rota'), siteIds: [site.id], members: [onCall.id, backup.id], startsAt: new Date(Date.now() - 3600_000).toISOString(), supervisorIds: [sup.id] })
      .expect(201);
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  it("should name who is on call for a fault, and offer for dispatch those the dispatch accepts, the rota's people first", async () => {
    const fault = await report(site.id, 'no-picture');
    const now = (await platform.http.get(`/api/faults/${fault.id}/on-call`).set(as(op)).expect(200)).body;
    expect(now).toMatchObject({ primary: { id: onCall.id, username: onCall.username, role: 'engineer' }, backup: { id: backup.id }, supervisors: [{ id: sup.id }] });
    expect(now.rota).toMatchObject({ cover: '7x24' });

    const offered = (await platform.http.get(`/api/faults/${fault.id}/assignees`).set(as(op)).expect(200)).body.items as { id: string; onCall: string | null }[];
    expect(offered.slice(0, 2)).toEqual([expect.objectContaining({ id: onCall.id, onCall: 'primary' }), expect.objectContaining({ id: backup.id, onCall: 'backup' })]);
    expect(offered.map((a) => a.id)).toContain(sup.id);
    expect(offered.map((a) => a.id)).not.toContain(elsewhere.id);
    // every one offered is accepted by the dispatch itself
    await platform.http.post(`/api/faults/${fault.id}/dispatch`).set(as(op)).send({ assigneeId: offered[0].id }).expect(200);
    // engineers read who is on call but do not dispatch
    await platform.http.get(`/api/faults/${fault.id}/on-call`).set(as(onCall)).expect(200);
    await platform.http.get(`/api/faults/${fault.id}/assignees`).set(as(onCall)).expect(403);
    // no rota covers the other site
    const lone = await report(other.id, 'damaged');
    expect((await platform.http.get(`/api/faults/${lone.id}/on-call`).set(as(op)).expect(200)).body).toEqual({ rota: null, primary: null, backup: null, supervisors: [] });
  });

  it('should acknowledge many faults with one plan in one call, audited each, leaving those already acknowledged as they were', async () => {
    const faults = [await report(site.id, 'image-quality'), await report(site.id, 'display'), await report(site.id, 'audio')];
    await platform.http.post(`/api/faults/${faults[2].id}/acknowledge`).set(as(op)).send({ plan: 'first plan' }).expect(200);

    const answer = (
      await platform.http
        .post('/api/faults/acknowledge')
        .set(as(op))
        .send({ ids: faults.map((f) => f.id), plan: '派工程师到场 send an engineer' })
        .expect(200)
    ).body;
    expect(answer).toEqual({ acknowledged: [faults[0].id, faults[1].id], skipped: [{ id: faults[2].id, state: 'acknowledged' }] });
    for (const [i, f] of faults.entries()) {
      const stored = (await platform.http.get(`/api/faults/${f.id}`).set(as(op)).expect(200)).body;
      expect(stored).toMatchObject({ state: 'acknowledged', plan: i < 2 ? '派工程师到场 send an engineer' : 'first plan' });
    }
    const trail = (await platform.http.get(`/api/audit?entity=fault&entityId=${faults[0].id}`).set(admin).expect(200)).body.items as { actor: string; action: string }[];
    expect(trail.filter((e) => e.action === 'update').map((e) => e.actor)).toEqual([op.username]);
  });

  it('should change nothing when one fault of the lot lies outside the caller scope, and check the body', async () => {
    const mine = await report(other.id, 'other');
    const theirs = await report(site.id, 'other');
    const scoped = await createUser(platform, admin, 'operator', 'scoped');
    await platform.http
      .patch(`/api/users/${scoped.id}`)
      .set(admin)
      .send({ scope: { customerIds: [], siteIds: [other.id] } })
      .expect(200);
    const token = await platform.login(scoped.username, 'password-123');
    await platform.http
      .post('/api/faults/acknowledge')
      .set({ Authorization: `Bearer ${token}` })
      .send({ ids: [mine.id, theirs.id], plan: 'x' })
      .expect(404);
    expect((await platform.http.get(`/api/faults/${mine.id}`).set(as(op)).expect(200)).body.state).toBe('open');
    const empty = await platform.http.post('/api/faults/acknowledge').set(as(op)).send({ ids: [] }).expect(400);
    expect(JSON.stringify(empty.body)).toContain('ids');
  });
});
