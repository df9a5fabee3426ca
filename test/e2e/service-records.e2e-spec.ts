import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DEMO_SLA_POLICY } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeDevice, makeSite, uniqueId } from '../support/factories';
import { binary, pdfTexts } from '../support/pdf';
import { startMailbox, type ReceivedMail } from '../support/receivers';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

// a 1×1 PNG, and another one (a different image) for the signature drawn on the engineer's phone
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const SIGNATURE = `data:image/png;base64,${PNG.toString('base64')}`;
const ZONE = 'Asia/Shanghai';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile';

/** A mail's text body as a person reads it: the transfer encoding (quoted-printable or base64) undone. */
function mailBody(mail: ReceivedMail): string {
  const [head, ...rest] = mail.raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(head)) return body;
  const bytes: number[] = [];
  const text = body.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** An instant as a clock on the wall in that zone shows it, worked out apart from the platform's formatter. */
const wallClock = (iso: string, zone: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: zone, hour12: false }).slice(0, 16);

describe.each(databaseTargets())('service records on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let admin: { Authorization: string };
  let sup: { Authorization: string };
  let eng: { Authorization: string };
  let engId: string;
  let engName: string;
  const contactEmail = `${uniqueId('wang').toLowerCase()}@bank.example`;
  let site: { id: string };
  let contractName: string;

  beforeAll(async () => {
    db = await target.create();
    mailbox = await startMailbox();
    platform = await startTestPlatform(db, {
      mqttUrl: null,
      env: {
        SMTP_URL: mailbox.url,
        VIGIL_PUBLIC_URL: 'https://vigil.example',
        VIGIL_CONTRACTOR_NAME: '青岛安视维保有限公司',
        MQTT_CLIENT_ID: `sr-${randomBytes(4).toString('hex')}`,
      },
    });
    admin = { Authorization: `Bearer ${await platform.login()}` };
    const user = async (role: string) => {
      const username = uniqueId(role).toLowerCase();
      const id = (await platform.http.post('/api/users').set(admin).send({ username, password: 'password-123', role }).expect(201)).body.id as string;
      return { id, username, auth: { Authorization: `Bearer ${await platform.login(username, 'password-123')}` } };
    };
    sup = (await user('supervisor')).auth;
    ({ id: engId, username: engName, auth: eng } = await user('engineer'));
    const customer = (
      await platform.http
        .post('/api/customers')
        .set(admin)
        .send({ name: uniqueId('青岛银行'), contact: '0532-1234567', contactName: '王经理', contactEmail })
        .expect(201)
    ).body;
    expect(customer).toMatchObject({ contact: '0532-1234567', contactName: '王经理', contactEmail });
    contractName = uniqueId('维保合同');
    const contract = (
      await platform.http
        .post('/api/contracts')
        .set(admin)
        .send({ customerId: customer.id, name: contractName, startsOn: '2026-01-01', endsOn: '2027-12-31', timeZone: ZONE, slaPolicy: DEMO_SLA_POLICY })
        .expect(201)
    ).body;
    site = (
      await platform.http
        .post('/api/sites')
        .set(admin)
        .send(makeSite({ customerId: customer.id, contractId: contract.id }))
        .expect(201)
    ).body;
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    await mailbox?.close();
    await db?.drop();
  });

  /** A fault at the site dispatched to the engineer, who arrives and closes it. */
  async function faultClosedAfterVisit(): Promise<{ id: string; arrivedAt: string; closedAt: string }> {
    const device = (await platform.http.post('/api/devices').set(admin).send(makeDevice(site.id)).expect(201)).body;
    const fault = (
      await platform.http
        .post('/api/faults')
        .set(sup)
        .send({ siteId: site.id, deviceId: device.id, kind: 'no-picture', description: '画面黑屏', reporter: '保安', channel: 'phone' })
        .expect(201)
    ).body;
    await platform.http.post(`/api/faults/${fault.id}/acknowledge`).set(sup).send({ plan: '派工程师' }).expect(200);
    await platform.http.post(`/api/faults/${fault.id}/dispatch`).set(sup).send({ assigneeId: engId }).expect(200);
    await platform.http.post(`/api/faults/${fault.id}/arrive`).set(eng).expect(200);
    const closed = (await platform.http.post(`/api/faults/${fault.id}/close`).set(eng).send({ resolution: '更换电源适配器，图像恢复', repaired: true }).expect(200)).body;
    return { id: fault.id, arrivedAt: closed.arrivedAt, closedAt: closed.closedAt };
  }

  it('should draft the record of a fault closed after a visit, get it signed through a one-time mailed link, and print the customer copy', async () => {
    const fault = await faultClosedAfterVisit();
    const drafts = (await platform.http.get(`/api/service-records?jobId=${fault.id}`).set(sup).expect(200)).body;
    expect(drafts.total).toBe(1);
    const record = drafts.items[0];
    expect(record).toMatchObject({
      kind: 'fault',
      jobId: fault.id,
      siteId: site.id,
      state: 'draft',
      workDone: '更换电源适配器，图像恢复',
      engineerId: engId,
      engineerName: engName,
      onSiteAt: fault.arrivedAt,
      offSiteAt: fault.closedAt,
      integrity: { channel: null, flags: [] },
    });

    await platform.http.patch(`/api/service-records/${record.id}`).set(eng).send({ partsUsed: '电源适配器 12V 2A ×1' }).expect(200);
    const sent = await platform.http.post(`/api/service-records/${record.id}/send-link`).set(eng).send({ channel: 'mail' }).expect(200);
    expect(sent.body.record.state).toBe('awaiting-signature');
    expect(sent.body.link).toMatchObject({ purpose: 'service-record-sign', channel: 'mail', recipient: contactEmail, status: 'active', issuedBy: engName });

    const mail = await waitFor(async () => mailbox.mails.find((m) => m.to.includes(contactEmail)), 15_000);
    const text = mailBody(mail);
    expect(text).toContain('王经理您好');
    expect(text).toContain('查看并签署客户服务记录表');
    const token = /https:\/\/vigil\.example\/#\/sign\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
    expect(token).toBeDefined();
    // the engineer never sees the link: it is the customer's proof
    expect(JSON.stringify(sent.body)).not.toContain(token!);
    expect(JSON.stringify((await platform.http.get(`/api/service-records/${record.id}`).set(eng).expect(200)).body)).not.toContain(token!);

    const customer = request(platform.baseUrl);
    const opened = (await customer.get(`/api/links/${token}`).set('User-Agent', IPHONE).expect(200)).body;
    expect(opened).toMatchObject({
      purpose: 'service-record-sign',
      channel: 'mail',
      subject: { recordId: record.id, workDone: '更换电源适配器，图像恢复', partsUsed: '电源适配器 12V 2A ×1', contract: contractName },
    });
    await customer.post(`/api/links/${token}/sign`).set('User-Agent', IPHONE).send({ signerName: '王经理', signerTitle: '保卫科科长', signature: SIGNATURE }).expect(200);

    const signed = (await platform.http.get(`/api/service-records/${record.id}`).set(sup).expect(200)).body;
    expect(signed).toMatchObject({
      state: 'signed',
      signoff: { signerName: '王经理', channel: 'customer-link', linkChannel: 'mail', userAgent: IPHONE, ip: expect.stringMatching(/127\.0\.0\.1/) },
      integrity: { channel: 'customer-link', linkChannel: 'mail', flags: [] },
    });
    expect(signed.links).toEqual([expect.objectContaining({ status: 'used', openedAt: expect.any(String), usedAt: expect.any(String), usedUserAgent: IPHONE })]);

    // once used, the link is gone; the signed record is frozen, corrections go beside it
    expect((await customer.post(`/api/links/${token}/sign`).send({ signerName: '别人', signature: SIGNATURE }).expect(410)).body.code).toBe('link-used');
    expect((await customer.get(`/api/links/${token}`).expect(410)).body.code).toBe('link-used');
    expect((await customer.get(`/api/links/${'x'.repeat(43)}`).expect(404)).body.code).toBe('link-unknown');
    await platform.http.patch(`/api/service-records/${record.id}`).set(eng).send({ workDone: '改写' }).expect(409);
    await platform.http.post(`/api/service-records/${record.id}/sign`).set(eng).send({ signerName: '王经理', signature: SIGNATURE }).expect(409);
    await platform.http.post(`/api/service-records/${record.id}/corrections`).set(eng).send({ field: 'partsUsed', value: '电源适配器 12V 3A ×1', note: '型号写错' }).expect(201);

    const pdf = await platform.http.get(`/api/service-records/${record.id}/customer-copy.pdf`).set(sup).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const [printed] = await pdfTexts([pdf.body as Buffer]);
    for (const heading of [
      '客户服务记录表（客户联）',
      '合同',
      '客户（甲方）',
      '维保单位（乙方）',
      '维保工程师',
      '工作内容',
      '使用备件',
      '到场时间',
      '离场时间',
      '签字方式',
      '更正记录',
    ]) {
      expect(printed).toContain(heading);
    }
    expect(printed).toContain(contractName);
    expect(printed).toContain('青岛安视维保有限公司');
    expect(printed).toContain(`${wallClock(fault.arrivedAt, ZONE)} (${ZONE})`);
    expect(printed).toContain(`${wallClock(fault.closedAt, ZONE)} (${ZONE})`);
    expect(printed).toContain('客户一次性链接签字');
    expect(printed).toContain('经邮件发送至客户联系人');
    expect(printed).toMatch(/第 1 页 \/ 共 \d+ 页/);
  }, 60_000);

  it("should flag a signature drawn on the engineer's phone by a staff name, a copied image, or while the customer could get a link", async () => {
    const visit = (await platform.http.post('/api/service-records').set(eng).send({ kind: 'visit', siteId: site.id, workDone: '例行上门检查' }).expect(201)).body;
    expect(visit).toMatchObject({ kind: 'visit', jobId: null, engineerId: engId, state: 'draft' });
    await platform.http.post(`/api/service-records/${visit.id}/photos`).set(eng).set('Content-Type', 'image/png').send(PNG).expect(201);
    const signed = (await platform.http.post(`/api/service-records/${visit.id}/sign`).set(eng).send({ signerName: engName, signerTitle: '客户', signature: SIGNATURE }).expect(200))
      .body;
    expect(signed.integrity).toEqual({ channel: 'engineer-device', linkChannel: null, flags: ['signature-copied', 'signer-is-staff', 'device-signed-with-contact'] });

    const flagged = (await platform.http.get(`/api/service-records?flagged=1&siteId=${site.id}`).set(sup).expect(200)).body;
    expect(flagged.items.map((r: { id: string }) => r.id)).toEqual([visit.id]);
    const clean = (await platform.http.get(`/api/service-records?flagged=0&siteId=${site.id}`).set(sup).expect(200)).body;
    expect(clean.items.every((r: { integrity: { flags: string[] } }) => r.integrity.flags.length === 0)).toBe(true);
    expect(clean.total).toBeGreaterThanOrEqual(1);

    const csv = await platform.http.get(`/api/service-records/export.csv?siteId=${site.id}`).set(sup).buffer(true).parse(binary).expect(200);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text).toContain(visit.id);
    expect(text).toContain('signature-copied signer-is-staff device-signed-with-contact');
    expect(text).toContain(ZONE);
  }, 60_000);

  it('should let a supervisor withdraw a link sent and not yet used (410 link-revoked for the customer)', async () => {
    const visit = (await platform.http.post('/api/service-records').set(eng).send({ kind: 'visit', siteId: site.id, workDone: '更换镜头' }).expect(201)).body;
    const before = mailbox.mails.length;
    const { link } = (await platform.http.post(`/api/service-records/${visit.id}/send-link`).set(eng).send({ channel: 'mail' }).expect(200)).body;
    const mail = await waitFor(async () => mailbox.mails.slice(before).find((m) => m.to.includes(contactEmail)), 15_000);
    const token = /#\/sign\/([A-Za-z0-9_-]+)/.exec(mailBody(mail))![1];
    await platform.http.post(`/api/customer-links/${link.id}/revoke`).set(eng).expect(403);
    expect((await platform.http.post(`/api/customer-links/${link.id}/revoke`).set(sup).expect(200)).body).toMatchObject({ status: 'revoked' });
    expect((await request(platform.baseUrl).get(`/api/links/${token}`).expect(410)).body.code).toBe('link-revoked');
    await platform.http.post(`/api/customer-links/${link.id}/revoke`).set(sup).expect(409);
  });

  it('should refuse a link over a channel the customer has no contact for, and leave the record a draft', async () => {
    const visit = (await platform.http.post('/api/service-records').set(eng).send({ kind: 'visit', siteId: site.id, workDone: '检查' }).expect(201)).body;
    const refused = await platform.http.post(`/api/service-records/${visit.id}/send-link`).set(eng).send({ channel: 'sms' }).expect(400);
    expect(refused.body.field).toBe('channel');
    expect((await platform.http.get(`/api/service-records/${visit.id}`).set(eng).expect(200)).body.state).toBe('draft');
  });
});

describe('the demo estate', () => {
  let db: TestDatabase;
  let platform: TestPlatform;

  beforeAll(async () => {
    db = await databaseTargets()[0].create();
    platform = await startTestPlatform(db, { mqttUrl: null, env: { VIGIL_DEMO: '1', MQTT_CLIENT_ID: `srd-${randomBytes(4).toString('hex')}` } });
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  it('should hold a service record signed through an SMS link and one awaiting its signature, with a printable customer copy', async () => {
    const admin = { Authorization: `Bearer ${await platform.login()}` };
    const records = (await platform.http.get('/api/service-records?customerId=demo-customer').set(admin).expect(200)).body.items as { id: string; state: string }[];
    expect(records.map((r) => r.state).sort()).toEqual(['awaiting-signature', 'signed']);
    const signed = (
      await platform.http
        .get(`/api/service-records/${records.find((r) => r.state === 'signed')!.id}`)
        .set(admin)
        .expect(200)
    ).body;
    expect(signed).toMatchObject({ integrity: { channel: 'customer-link', linkChannel: 'sms', flags: [] }, links: [expect.objectContaining({ status: 'used' })] });
    const pdf = await platform.http.get(`/api/service-records/${signed.id}/customer-copy.pdf`).set(admin).buffer(true).parse(binary).expect(200);
    const [printed] = await pdfTexts([pdf.body as Buffer]);
    expect(printed).toContain('经短信发送至客户联系人');
  });
});
