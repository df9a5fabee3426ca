import { verifyExport } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { binary, pdfText } from '../support/pdf';
import { makeDevice, makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

describe.each(databaseTargets())('the audit trail seen by a scoped auditor on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let admin: { Authorization: string };
  const a = { customer: '', site: '', device: '' };
  const b = { customer: '', site: '', device: '', otherSite: '' };
  const auditors = { customerB: { Authorization: '' }, siteB: { Authorization: '' }, whole: { Authorization: '' } };
  const text = (res: any, done: (err: Error | null, body: string) => void) => binary(res, (err, body) => done(err, body.toString('utf8')));

  async function auditor(scope: { customerIds?: string[]; siteIds?: string[] } | undefined) {
    const username = uniqueId('auditor');
    await platform.http
      .post('/api/users')
      .set(admin)
      .send({ username, password: 'password-123', role: 'auditor', ...(scope ? { scope } : {}) })
      .expect(201);
    return { Authorization: `Bearer ${await platform.login(username, 'password-123')}` };
  }

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db);
    admin = { Authorization: `Bearer ${await platform.login()}` };
    for (const [side, name] of [
      [a, 'Customs'],
      [b, 'Police'],
    ] as const) {
      side.customer = (await platform.http.post('/api/customers').set(admin).send({ name }).expect(201)).body.id;
      side.site = (
        await platform.http
          .post('/api/sites')
          .set(admin)
          .send(makeSite({ customerId: side.customer }))
          .expect(201)
      ).body.id;
      side.device = (await platform.http.post('/api/devices').set(admin).send(makeDevice(side.site)).expect(201)).body.id;
      await platform.http
        .patch(`/api/devices/${side.device}`)
        .set(admin)
        .send({ name: `${name} DVR` })
        .expect(200);
    }
    b.otherSite = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ customerId: b.customer }))
        .expect(201)
    ).body.id;
    auditors.customerB = await auditor({ customerIds: [b.customer], siteIds: [] });
    auditors.siteB = await auditor({ customerIds: [], siteIds: [b.site] });
    auditors.whole = await auditor(undefined);
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  const list = async (who: { Authorization: string }, query = '') => (await platform.http.get(`/api/audit${query}`).set(who).expect(200)).body;

  it("should list only the entries of the auditor's customers, none of the other's and none of the estate's", async () => {
    const mine = await list(auditors.customerB);
    const ids = new Set(mine.items.map((e: { entityId: string }) => e.entityId));
    expect(ids).toEqual(new Set([b.customer, b.site, b.device, b.otherSite]));
    expect(JSON.stringify(mine)).not.toContain(a.site);
    // what its entries name, named; nothing of the other customer's, by id or by name
    expect(mine.names).toMatchObject({ [`customer:${b.customer}`]: { name: 'Police' }, [`device:${b.device}`]: { name: 'Police DVR' } });
    expect(JSON.stringify(mine)).not.toMatch(/Customs/);
    expect(mine.items.every((e: { entity: string }) => e.entity !== 'user')).toBe(true);
    expect((await list(auditors.customerB, `?entityId=${a.device}`)).total).toBe(0);
    // an unscoped auditor sees everything, users and logins included
    const all = await list(auditors.whole);
    expect(all.names).toMatchObject({ [`customer:${a.customer}`]: { name: 'Customs' }, [`device:${a.device}`]: { name: 'Customs DVR' } });
    expect(all.items.map((e: { entityId: string }) => e.entityId)).toEqual(expect.arrayContaining([a.customer, a.site, a.device, b.device]));
    expect(all.items.some((e: { action: string }) => e.action === 'login')).toBe(true);
  });

  it("should show a site-scoped auditor its site's entries and its customer's record, not the customer's other sites", async () => {
    const ids = new Set((await list(auditors.siteB)).items.map((e: { entityId: string }) => e.entityId));
    expect(ids).toEqual(new Set([b.customer, b.site, b.device]));
  });

  it('should export its entries in full and every other entry as a stub, so the whole chain still checks out', async () => {
    const res = await platform.http.get('/api/audit/export?format=jsonl').set(auditors.customerB).buffer(true).parse(text).expect(200);
    const body = res.body as string;
    const lines = body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const { proof } = lines.pop();
    const stubs = lines.filter((l) => l.withheld);
    const full = lines.filter((l) => !l.withheld);
    const total = (await list(auditors.whole)).total;
    expect(lines.map((l) => l.id)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(full.map((l) => l.entityId)).toEqual((await list(auditors.customerB)).items.map((e: { entityId: string }) => e.entityId));
    for (const stub of stubs) expect(Object.keys(stub).sort()).toEqual(['hash', 'id', 'prevHash', 'withheld']);
    expect(body).not.toContain(a.site);
    expect(body).not.toContain('Customs');
    expect(proof).toMatchObject({ entries: full.length, withheld: stubs.length, firstId: 1, lastId: total });
    expect(verifyExport(body)).toMatchObject({ ok: true, contiguous: true, entries: full.length, withheld: stubs.length, problems: [] });
    // a stub changed in transit breaks the link to the entry after it
    const forged = body.replace(stubs[1].hash, 'e'.repeat(64));
    expect(verifyExport(forged).ok).toBe(false);
  });

  it('should write withheld CSV rows with the id, both hashes and the flag only, and leave them out of the PDF but as counted runs', async () => {
    const csv = (await platform.http.get('/api/audit/export?format=csv').set(auditors.customerB).buffer(true).parse(text).expect(200)).body as string;
    const rows = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(rows[0].split(',').slice(-2)).toEqual(['withheld', 'local time']);
    const withheld = rows.filter((r) => /^\d+,,,,,,,,,[0-9a-f]{64},[0-9a-f]{64},true,$/.test(r));
    expect(withheld.length).toBeGreaterThan(5);
    expect(csv).not.toContain(a.site);
    const pdf = await platform.http.get('/api/audit/export?format=pdf').set(auditors.customerB).buffer(true).parse(binary).expect(200);
    const printed = await pdfText(pdf.body as Buffer);
    expect(printed).toContain('withheld');
    expect(printed).not.toContain(a.device);
    expect(printed).toContain(b.device);
  });

  it('should answer verify and the checkpoints the same to a scoped and an unscoped auditor', async () => {
    const scoped = (await platform.http.get('/api/audit/verify').set(auditors.customerB).expect(200)).body;
    const whole = (await platform.http.get('/api/audit/verify').set(auditors.whole).expect(200)).body;
    expect(scoped).toMatchObject({ ok: true, entries: whole.entries, lastProven: whole.lastProven });
    await platform.http.post('/api/audit/checkpoints').set(admin).expect(201);
    await platform.http.post('/api/audit/checkpoints').set(auditors.customerB).expect(403);
    const checkpoints = (await platform.http.get('/api/audit/checkpoints').set(auditors.customerB).expect(200)).body;
    expect(checkpoints.total).toBeGreaterThan(0);
  });
});
