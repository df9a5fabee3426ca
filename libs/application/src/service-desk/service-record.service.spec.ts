import type { VigilConfig } from '@vigil/config';
import type { Actor, Customer, User } from '@vigil/domain';
import { fakeAccess, makeUnitSite, unitActor } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { FaultTransitionHooks } from '../faults/fault-transition-hooks';
import type {
  ContractRepository,
  CustomerRepository,
  FaultRepository,
  FileStore,
  FaultPartRepository,
  StockRepository,
  MailMessage,
  Mailer,
  PatrolRepository,
  SiteRepository,
  UserRepository,
  WebhookSender,
} from '../ports';
import { FakeClock } from '../testing';
import { makeFault } from '../testing/alerting-fakes';
import { InMemoryCustomerLinks } from '../testing/in-memory-customer-links';
import { InMemoryServiceRecords } from '../testing/in-memory-service-records';
import { CustomerLinkService } from './customer-link.service';
import { LinkPurposes } from './link-purposes';
import { ServiceRecordHooks } from './service-record-hooks';
import { ServiceRecordService } from './service-record.service';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const SIGNATURE = `data:image/png;base64,${PNG}`;
const visit = { ip: '198.51.100.4', userAgent: 'phone' };
const customer: Customer = { id: 'cust-b', name: '青岛银行', contactName: '王经理', contactEmail: 'wang@bank.example' };
const sites = [makeUnitSite('site-b', 'cust-b'), makeUnitSite('site-a', 'cust-a')];
const user = (id: string, displayName: string | null, role: User['role'] = 'engineer'): User => ({
  id,
  username: id,
  displayName,
  email: null,
  role,
  passwordHash: 'x',
  tokenVersion: 0,
  active: true,
  scope: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});
const users = [user('eng-1', '张工'), user('eng-2', '李工')];
const engineer: Actor = { userId: 'eng-1', username: 'eng-1', role: 'engineer', scope: null };

function setup() {
  const clock = new FakeClock('2026-12-02T06:00:00Z');
  const { access, audit, tx, audited } = fakeAccess(sites);
  const records = new InMemoryServiceRecords();
  const linkRows = new InMemoryCustomerLinks();
  const mails: MailMessage[] = [];
  const mailer = strictFake<Mailer>('mailer', { configured: true, send: async (m: MailMessage) => void mails.push(m) });
  const customers = strictFake<CustomerRepository>('customers', { findById: async (id: string) => (id === customer.id ? customer : null) });
  const config = { customerLinks: { ttlSec: 24 * 3600, baseUrl: 'https://vigil.example', smsWebhookUrl: null, wecomWebhookUrl: null } } as unknown as VigilConfig;
  const purposes = new LinkPurposes();
  const links = new CustomerLinkService(config, linkRows, customers, purposes, mailer, strictFake<WebhookSender>('webhooks'), tx, audit, clock, access);
  const service = new ServiceRecordService(
    records,
    strictFake<FaultRepository>('faults', { findById: async () => null }),
    strictFake<PatrolRepository>('patrols'),
    strictFake<SiteRepository>('sites', { findById: async (id: string) => sites.find((s) => s.id === id) ?? null }),
    strictFake<ContractRepository>('contracts', { findById: async () => null }),
    customers,
    strictFake<UserRepository>('users', { findById: async (id: string) => users.find((u) => u.id === id) ?? null, list: async () => ({ items: users, total: users.length }) }),
    strictFake<FileStore>('files'),
    strictFake<FaultPartRepository>('fault parts', { list: async () => [] }),
    strictFake<StockRepository>('stock'),
    links,
    tx,
    audit,
    clock,
    access,
  );
  const faultHooks = new FaultTransitionHooks();
  new ServiceRecordHooks(service, faultHooks, purposes).onModuleInit();
  const tokenOf = (m: MailMessage) => /#\/sign\/([A-Za-z0-9_-]+)/.exec(m.text)![1];
  const draft = () => service.create(engineer, { kind: 'visit', siteId: 'site-b', workDone: '清洁镜头' });
  return { service, records, links, linkRows, mails, clock, faultHooks, audited, tokenOf, draft };
}

describe(ServiceRecordService.name, () => {
  it('should draft a record when a fault is closed after a visit, once, prefilled from the fault, and none for a fault closed without one', async () => {
    const { faultHooks, records } = setup();
    const arrivedAt = new Date('2026-12-02T03:00:00Z');
    const closedAt = new Date('2026-12-02T05:00:00Z');
    const closed = makeFault({ id: 'F1', siteId: 'site-b', state: 'closed', assigneeId: 'eng-1', arrivedAt, closedAt, resolution: '更换硬盘' });
    const close = { type: 'close' as const, resolution: '更换硬盘', repaired: true };
    await faultHooks.run({ before: { ...closed, state: 'on-site' }, after: closed, action: close, actor: engineer });
    await faultHooks.run({ before: { ...closed, state: 'on-site' }, after: closed, action: close, actor: engineer });
    await faultHooks.run({ before: closed, after: { ...closed, id: 'F2', arrivedAt: null }, action: close, actor: engineer });
    await faultHooks.run({ before: closed, after: { ...closed, id: 'F3' }, action: { type: 'restore', note: null }, actor: engineer });
    const made = [...records.rows.values()];
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      kind: 'fault',
      jobId: 'F1',
      siteId: 'site-b',
      customerId: 'cust-b',
      state: 'draft',
      workDone: '更换硬盘',
      engineerId: 'eng-1',
      engineerName: '张工',
      onSiteAt: arrivedAt,
      offSiteAt: closedAt,
    });
  });

  it("should sign a fault's draft on the device when the close carried the customer's signature", async () => {
    const { faultHooks, records } = setup();
    const closed = makeFault({
      id: 'F1',
      siteId: 'site-b',
      state: 'closed',
      assigneeId: 'eng-1',
      arrivedAt: new Date('2026-12-02T03:00:00Z'),
      closedAt: new Date('2026-12-02T05:00:00Z'),
    });
    const close = { type: 'close' as const, resolution: 'ok', repaired: false, signoff: { signerName: '王经理', signerTitle: '科长', signature: SIGNATURE } };
    await faultHooks.run({ before: closed, after: closed, action: close, actor: engineer });
    const [record] = records.rows.values();
    expect(record).toMatchObject({ state: 'signed', signoff: { channel: 'engineer-device', signerName: '王经理' }, flags: ['device-signed-with-contact'] });
  });

  it('should sign through the mailed link once, recording the channel, and freeze the record', async () => {
    const { service, links, mails, tokenOf, draft } = setup();
    const record = await draft();
    const { link } = await service.sendLink(engineer, record.id, 'mail');
    expect(link).toMatchObject({ recipient: 'wang@bank.example', channel: 'mail' });
    const token = tokenOf(mails[0]);
    await expect(links.open(token, visit)).resolves.toMatchObject({ subject: { recordId: record.id, workDone: '清洁镜头', customer: '青岛银行' } });
    await links.use(token, 'sign', { signerName: '王经理', signerTitle: '科长', signature: SIGNATURE }, visit);
    const signed = await service.get(engineer, record.id);
    expect(signed).toMatchObject({
      state: 'signed',
      signoff: { channel: 'customer-link', linkChannel: 'mail', ip: '198.51.100.4', userAgent: 'phone' },
      integrity: { channel: 'customer-link', linkChannel: 'mail', flags: [] },
    });
    await expect(links.use(token, 'sign', { signerName: 'x', signature: SIGNATURE }, visit)).rejects.toMatchObject({ code: 'link-used' });
    await expect(service.update(engineer, record.id, { workDone: '改' })).rejects.toBeInstanceOf(ConflictError);
    await expect(service.sign(engineer, record.id, { signerName: '王经理', signature: SIGNATURE })).rejects.toBeInstanceOf(ConflictError);
    await service.correct(engineer, record.id, { field: 'workDone', value: '清洁镜头并紧固支架', note: '漏写' });
    expect((await service.get(engineer, record.id)).corrections).toEqual([expect.objectContaining({ field: 'workDone', by: 'eng-1' })]);
  });

  it('should let a link expire on the clock, leaving the record awaiting its signature', async () => {
    const { service, links, mails, clock, tokenOf, draft } = setup();
    const record = await draft();
    await service.sendLink(engineer, record.id, 'mail');
    await clock.advance(24 * 3600_000);
    await expect(links.use(tokenOf(mails[0]), 'sign', { signerName: '王经理', signature: SIGNATURE }, visit)).rejects.toMatchObject({ code: 'link-expired' });
    expect((await service.get(engineer, record.id)).state).toBe('awaiting-signature');
  });

  it('should withdraw the open link when the record is edited or the link is sent again, so the customer signs what they saw', async () => {
    const { service, links, mails, tokenOf, draft } = setup();
    const record = await draft();
    await service.sendLink(engineer, record.id, 'mail');
    await service.update(engineer, record.id, { partsUsed: '镜头布' });
    expect((await service.get(engineer, record.id)).state).toBe('draft');
    await expect(links.open(tokenOf(mails[0]), visit)).rejects.toMatchObject({ code: 'link-revoked' });
    await service.sendLink(engineer, record.id, 'mail');
    await service.sendLink(engineer, record.id, 'mail');
    await expect(links.open(tokenOf(mails[1]), visit)).rejects.toMatchObject({ code: 'link-revoked' });
    await expect(links.open(tokenOf(mails[2]), visit)).resolves.toMatchObject({ subject: { partsUsed: '镜头布' } });
  });

  it("should flag a device signature by a user's name and one whose image another record bears, and count them with flagged", async () => {
    const { service, draft } = setup();
    const first = await draft();
    const firstSigned = await service.sign(engineer, first.id, { signerName: '王经理', signature: SIGNATURE });
    expect(firstSigned.integrity).toEqual({ channel: 'engineer-device', linkChannel: null, flags: ['device-signed-with-contact'] });
    const second = await draft();
    const secondSigned = await service.sign(engineer, second.id, { signerName: '李 工', signature: SIGNATURE });
    expect(secondSigned.integrity.flags).toEqual(['signature-copied', 'signer-is-staff', 'device-signed-with-contact']);
    // the first record's image is now on another record too
    expect((await service.get(engineer, first.id)).integrity.flags).toEqual(['signature-copied', 'device-signed-with-contact']);
    const flagged = await service.list(unitActor('supervisor'), { flagged: true }, {});
    expect(flagged.total).toBe(2);
  });

  it("should refuse another engineer's record (403) and a record outside the scope (404)", async () => {
    const { service, draft } = setup();
    const record = await draft();
    await expect(service.sign({ ...engineer, userId: 'eng-2', username: 'eng-2' }, record.id, { signerName: '王经理', signature: SIGNATURE })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(service.get(unitActor('engineer', ['cust-a']), record.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.create(unitActor('engineer', ['cust-a']), { kind: 'visit', siteId: 'site-b' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.create(engineer, { kind: 'visit', siteId: 'site-b', jobId: 'x' })).rejects.toMatchObject({ field: 'jobId' });
    await expect(service.create(engineer, { kind: 'fault' })).rejects.toMatchObject({ field: 'jobId' });
  });
});
