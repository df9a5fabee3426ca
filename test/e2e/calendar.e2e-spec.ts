import { ScheduledActions } from '@vigil/application';
import { ManualClock } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { createUser, makeSite, type TestUser } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

// Monday 28 December 2026, 10:00 in Beijing: a level-3 repair clock (5 working days) reaches into 2027, whose calendar is not shipped
const OPENED = '2026-12-28T10:00:00+08:00';
const WEEKDAYS_DUE = '2027-01-04T16:00:00.000Z'; // 2027-01-05 00:00 Beijing: 12-29, 12-30, 12-31, Fri 01-01, Mon 01-04
const LOADED_DUE = '2027-01-05T16:00:00.000Z'; // 2027-01-06 00:00 Beijing: with 01-01 to 01-03 off, 01-04 and 01-05 count

describe.each(databaseTargets())('holiday calendars and live SLA clocks on $name', (dbTarget) => {
  const clock = new ManualClock(new Date(OPENED));
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let sup: TestUser;
  let siteId: string;
  const as = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const report = async (kind: string) =>
    (
      await platform.http
        .post('/api/faults')
        .set(as(sup))
        .send({
          siteId,
          kind,
          level: 3,
          description: 'no picture on the lobby wall',
          reporter: 'front desk',
          channel: 'phone',
        })
        .expect(201)
    ).body;
  const fault = async (id: string) => (await platform.http.get(`/api/faults/${id}`).set(as(sup)).expect(200)).body;
  const repairBreachTimer = async (id: string) => (await platform.app.get(ScheduledActions).pending(`sla:${id}:repair:breach`)).map((a) => a.dueAt.toISOString());
  const holidays = async () => (await platform.http.get('/api/calendars/holidays').set(admin).expect(200)).body;
  const whatIf = () => platform.http.post('/api/sla/evaluate').set(as(sup)).send({ level: 3, region: 'Qingdao', openedAt: OPENED, events: [], asOf: '2026-12-29T09:00:00+08:00' });

  beforeAll(async () => {
    db = await dbTarget.create();
    platform = await startTestPlatform(db, { clock });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    sup = await createUser(platform, admin, 'supervisor', 'sup');
    siteId = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body.id;
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  it('should run a live repair clock on weekdays through a missing year, flagged, and recompute it when the year is loaded', async () => {
    expect(await holidays()).toMatchObject({ nextYear: 2027, missingNextYear: true, missingThisYear: false, warnFrom: '2026-11-02' });

    const live = await report('other');
    expect(live.level).toBe(3);
    expect(live.sla.repair).toMatchObject({ due: WEEKDAYS_DUE, status: 'pending' });
    expect(live.sla).toMatchObject({ calendarMissing: [2027], note: 'calendar for 2027 missing, weekdays assumed' });
    expect(await repairBreachTimer(live.id)).toEqual(['2027-01-04T16:00:00.001Z']);
    // the what-if answer never guesses
    const refused = await whatIf().expect(422);
    expect(refused.body.message).toBe('no holiday calendar loaded for 2027');

    // a fault that closes while the year is missing keeps the flag in what it closed with
    clock.advance(3600_000);
    const closing = await report('audio');
    const closed = (await platform.http.post(`/api/faults/${closing.id}/close`).set(as(sup)).send({ resolution: 'cable reseated', repaired: true }).expect(200)).body;
    expect(closed.sla).toMatchObject({ calendarMissing: [2027], repair: { due: '2027-01-04T16:00:00.000Z', status: 'met' } });

    const csv = 'date,kind\n2027-01-01,off\n2027-01-02,off\n2027-01-03,off\n2027-02-06,workday\n';
    const loaded = await platform.http
      .put('/api/calendars/holidays/2027')
      .query({ source: '国办发明电〔2026〕号' })
      .set(admin)
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(200);
    expect(loaded.body).toEqual({
      year: 2027,
      daysOff: ['2027-01-01', '2027-01-02', '2027-01-03'],
      makeUpWorkdays: ['2027-02-06'],
      source: '国办发明电〔2026〕号',
      recomputedFaults: 1,
    });

    expect((await fault(live.id)).sla).toMatchObject({ calendarMissing: [], note: null, repair: { due: LOADED_DUE, status: 'pending' } });
    expect(await repairBreachTimer(live.id)).toEqual(['2027-01-05T16:00:00.001Z']);
    expect((await fault(closing.id)).sla).toMatchObject({ calendarMissing: [], note: null, repair: { due: LOADED_DUE, status: 'met' } });
    expect((await whatIf().expect(200)).body.steps.repair.due).toBe(LOADED_DUE);
    const after = await holidays();
    expect(after).toMatchObject({ nextYear: 2027, missingNextYear: false });
    expect(after.items.map((y: { year: number }) => y.year)).toEqual([2025, 2026, 2027]);
  });

  it('should refuse a wrong notice whole, naming the line or the field, and take it from unscoped admins only', async () => {
    const put = (year: number) => platform.http.put(`/api/calendars/holidays/${year}`).set(admin);
    const csv = await put(2028).set('Content-Type', 'text/csv').send('date,kind\n2028-01-01,off\n2028-02-30,off\n2027-12-31,off\n2028-01-01,off\n').expect(400);
    expect(csv.body.field).toBe('line 3');
    expect(csv.body.message).toBe('line 3: "2028-02-30" is not a date written YYYY-MM-DD');
    expect(csv.body.errors).toEqual([
      { field: 'line 3', message: '"2028-02-30" is not a date written YYYY-MM-DD' },
      { field: 'line 4', message: '2027-12-31 is not in 2028' },
      { field: 'line 5', message: '2028-01-01 is already on line 2' },
    ]);
    expect((await put(2028).set('Content-Type', 'text/csv').send('date,kind\n').expect(400)).body.field).toBe('line 1');
    expect(
      (
        await put(2028)
          .send({ daysOff: ['2028-01-01', '2028-01-01'], makeUpWorkdays: [] })
          .expect(400)
      ).body.field,
    ).toBe('daysOff[1]');
    expect((await put(2028).send({ daysOff: '2028-01-01', makeUpWorkdays: [] }).expect(400)).body.field).toBe('daysOff');
    expect((await put(2028).send([]).expect(400)).body.field).toBe('body');
    await platform.http.put('/api/calendars/holidays/2028').set(as(sup)).set('Content-Type', 'text/csv').send('2028-01-01,off\n').expect(403);
    expect((await holidays()).items.map((y: { year: number }) => y.year)).not.toContain(2028);
    // the JSON form as before
    await put(2028)
      .send({ daysOff: ['2028-01-01'], makeUpWorkdays: [], source: 'test' })
      .expect(200);
    expect((await holidays()).items.map((y: { year: number }) => y.year)).toContain(2028);
  });
});
