import { randomBytes } from 'node:crypto';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeDevice, makeSite } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

describe.each(databaseTargets())('device search on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let siteId: string;
  const u = `Q${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { mqttUrl: null });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    siteId = (await platform.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body.id;
    for (const [id, name] of [
      [`${u}_a`, 'plain'],
      [`${u}xa`, '100% uptime'],
      [`${u}-b`, 'back\\slash'],
    ]) {
      await platform.http.post('/api/devices').set(admin).send(makeDevice(siteId, { id, name })).expect(201);
    }
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  const found = async (q: string) => ((await platform.http.get('/api/devices').query({ siteId, q }).set(admin).expect(200)).body.items as { id: string }[]).map((d) => d.id).sort();

  it('should take % and _ in the search text literally, not as wildcards', async () => {
    expect(await found('%')).toEqual([`${u}xa`]);
    expect(await found('_')).toEqual([`${u}_a`]);
    expect(await found(`${u}_a`)).toEqual([`${u}_a`]);
    expect(await found('0% up')).toEqual([`${u}xa`]);
  });

  it('should take the escape character itself literally', async () => {
    expect(await found('\\')).toEqual([`${u}-b`]);
    expect(await found('\\s')).toEqual([`${u}-b`]);
    expect(await found('\\_')).toEqual([]);
  });

  it('should still find by any part of the id or name, whatever its case', async () => {
    expect(await found(u.toLowerCase())).toEqual([`${u}-b`, `${u}_a`, `${u}xa`].sort());
    expect(await found('UPTIME')).toEqual([`${u}xa`]);
  });
});
