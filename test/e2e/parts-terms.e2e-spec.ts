import { DEMO_SLA_POLICY } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { createUser, uniqueId, type TestUser } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

describe.each(databaseTargets())('a contract’s parts terms on $name', (dbTarget) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  let contractId: string;
  const users: Record<string, TestUser> = {};
  const as = (name: string) => ({ Authorization: `Bearer ${users[name].token}` });

  beforeAll(async () => {
    db = await dbTarget.create();
    platform = await startTestPlatform(db, { mqttUrl: null });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    users.op = await createUser(platform, admin, 'operator', uniqueId('op'));
    users.sup = await createUser(platform, admin, 'supervisor', uniqueId('sup'));
    const customer = (
      await platform.http
        .post('/api/customers')
        .set(admin)
        .send({ name: uniqueId('customer') })
        .expect(201)
    ).body;
    contractId = (
      await platform.http
        .post('/api/contracts')
        .set(admin)
        .send({ customerId: customer.id, name: uniqueId('contract'), startsOn: '2026-01-01', endsOn: '2030-12-31', slaPolicy: DEMO_SLA_POLICY })
        .expect(201)
    ).body.id;
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  it('should answer the defaults, keep what a supervisor sets, name a bad field, and refuse an operator', async () => {
    const fresh = (await platform.http.get(`/api/contracts/${contractId}/parts-terms`).set(as('op')).expect(200)).body;
    expect(fresh).toEqual({ contractId, own: {}, settings: { pauseWhileWaitingForPart: false, repeatFailureDays: 30, loanerDueDays: 14, deviceWarrantyMonths: 36 } });
    const bad = await platform.http
      .put(`/api/contracts/${contractId}/parts-terms`)
      .set(as('sup'))
      .send({ settings: { loanerDueDays: 0 } })
      .expect(400);
    expect(bad.body.message).toContain('settings.loanerDueDays');
    await platform.http
      .put(`/api/contracts/${contractId}/parts-terms`)
      .set(as('op'))
      .send({ settings: { loanerDueDays: 7 } })
      .expect(403);
    await platform.http
      .put(`/api/contracts/${contractId}/parts-terms`)
      .set(as('sup'))
      .send({ settings: { loanerDueDays: 7, repeatFailureDays: 0 } })
      .expect(200);
    const read = (await platform.http.get(`/api/contracts/${contractId}/parts-terms`).set(as('op')).expect(200)).body;
    expect(read.settings).toEqual({ pauseWhileWaitingForPart: false, repeatFailureDays: 0, loanerDueDays: 7, deviceWarrantyMonths: 36 });
    await platform.http.get('/api/contracts/no-such-contract/parts-terms').set(as('op')).expect(404);
    const trail = (await platform.http.get(`/api/audit?entity=parts-terms&entityId=${contractId}`).set(admin).expect(200)).body;
    expect(JSON.stringify(trail)).toContain('loanerDueDays');
  }, 60_000);
});
