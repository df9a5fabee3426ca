import type { VigilConfig } from '@vigil/config';
import type { Customer } from '@vigil/domain';
import { fakeAccess, makeUnitSite, unitActor } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import { GoneError, InputError, NotFoundError, UnavailableError } from '../errors';
import type { CustomerRepository, MailMessage, Mailer, WebhookSender } from '../ports';
import { FakeClock } from '../testing';
import { InMemoryCustomerLinks } from '../testing/in-memory-customer-links';
import { CustomerLinkService, linkTokenHash } from './customer-link.service';
import { LinkPurposes } from './link-purposes';

const HOUR = 3600_000;
const customerB: Customer = { id: 'cust-b', name: '青岛银行', contactName: '王经理', contactMobile: '13800000000', contactEmail: 'wang@bank.example', contactWecomId: 'wangjl' };
const customerA: Customer = { id: 'cust-a', name: 'A Corp', contactEmail: 'a@a.example' };
const sites = [makeUnitSite('site-b', 'cust-b'), makeUnitSite('site-a', 'cust-a')];
const visit = { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (iPhone)' };

function setup(options: { mail?: boolean; webhookStatus?: number } = {}) {
  const clock = new FakeClock('2026-12-02T06:00:00Z');
  const { access, audit, tx, audited } = fakeAccess(sites);
  const links = new InMemoryCustomerLinks();
  const mails: MailMessage[] = [];
  const posts: { url: string; body: unknown }[] = [];
  const mailer = strictFake<Mailer>('mailer', {
    configured: options.mail ?? true,
    send: async (m: MailMessage) => {
      mails.push(m);
    },
  });
  const webhooks = strictFake<WebhookSender>('webhooks', {
    post: async (url: string, body: unknown) => {
      posts.push({ url, body });
      return options.webhookStatus ?? 200;
    },
  });
  const customers = strictFake<CustomerRepository>('customers', { findById: async (id: string) => [customerA, customerB].find((c) => c.id === id) ?? null });
  const config = {
    customerLinks: { ttlSec: 24 * 3600, baseUrl: 'https://vigil.example', smsWebhookUrl: 'https://sms.example/send', wecomWebhookUrl: null },
  } as unknown as VigilConfig;
  const purposes = new LinkPurposes();
  const signed: unknown[] = [];
  purposes.register({
    purpose: 'service-record-sign',
    label: '查看并签署客户服务记录表',
    describe: async (link) => ({ record: link.subjectId }),
    actions: {
      sign: async (use, input) => {
        if ((input as { signerName?: string }).signerName === '') throw new InputError('signerName', 'is required');
        signed.push({ by: use.actor.username, input });
        return { ok: true };
      },
    },
  });
  const service = new CustomerLinkService(config, links, customers, purposes, mailer, webhooks, tx, audit, clock, access);
  /** The token as the customer reads it in the message. */
  const tokenIn = (text: string) => /#\/sign\/([A-Za-z0-9_-]+)/.exec(text)![1];
  return { service, clock, links, mails, posts, audited, signed, tokenIn };
}

const request = { purpose: 'service-record-sign', subjectId: 'rec-1', customerId: 'cust-b', siteId: 'site-b', timeZone: 'Asia/Shanghai' } as const;

describe(CustomerLinkService.name, () => {
  it('should send the link by mail in Chinese and keep only the hash of its token, answering without the token', async () => {
    const { service, links, mails, tokenIn } = setup();
    const link = await service.issue(unitActor('engineer', ['cust-b']), { ...request, channel: 'mail' });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: 'wang@bank.example', subject: expect.stringContaining('客户服务记录表') });
    expect(mails[0].text).toContain('王经理您好');
    expect(mails[0].text).toContain('https://vigil.example/#/sign/');
    expect(mails[0].text).toContain('2026-12-03 14:00 (Asia/Shanghai)');
    const token = tokenIn(mails[0].text);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(JSON.stringify(link)).not.toContain(token);
    expect(link).not.toHaveProperty('tokenHash');
    expect(links.rows.get(link.id)!.tokenHash).toBe(linkTokenHash(token));
    expect(link).toMatchObject({ channel: 'mail', recipient: 'wang@bank.example', issuedBy: 'engineer-user', status: 'active', expiresAt: new Date('2026-12-03T06:00:00Z') });
  });

  it('should post SMS as {to, text} to the SMS gateway', async () => {
    const { service, posts } = setup();
    await service.issue(unitActor('operator'), { ...request, channel: 'sms' });
    expect(posts).toEqual([{ url: 'https://sms.example/send', body: { to: '13800000000', text: expect.stringContaining('#/sign/') } }]);
  });

  it('should refuse a channel without a gateway or a customer without that contact, naming channel', async () => {
    const { service } = setup({ mail: false });
    await expect(service.issue(unitActor('operator'), { ...request, channel: 'wecom' })).rejects.toThrow(/VIGIL_WECOM_WEBHOOK_URL/);
    await expect(service.issue(unitActor('operator'), { ...request, channel: 'mail' })).rejects.toThrow(/SMTP_URL/);
    await expect(service.issue(unitActor('operator'), { ...request, customerId: 'cust-a', siteId: 'site-a', channel: 'sms' })).rejects.toMatchObject({ field: 'channel' });
  });

  it('should withdraw the link and answer 503 when the gateway refuses the message', async () => {
    const { service, links } = setup({ webhookStatus: 500 });
    await expect(service.issue(unitActor('operator'), { ...request, channel: 'sms' })).rejects.toBeInstanceOf(UnavailableError);
    const [row] = links.rows.values();
    expect(row).toMatchObject({ sentAt: null, sendError: expect.stringContaining('500'), revokedBy: 'system' });
  });

  it('should refuse a user scoped to another customer with 404 before anything is sent', async () => {
    const { service, mails, audited } = setup();
    await expect(service.issue(unitActor('engineer', ['cust-a']), { ...request, channel: 'mail' })).rejects.toBeInstanceOf(NotFoundError);
    expect(mails).toEqual([]);
    expect(audited.map((e) => e.action)).toEqual(['access-denied']);
  });

  it('should show the subject on opening, record the first opening, and let the link be used once', async () => {
    const { service, links, mails, signed, tokenIn } = setup();
    const link = await service.issue(unitActor('engineer', ['cust-b']), { ...request, channel: 'mail' });
    const token = tokenIn(mails[0].text);
    await expect(service.open(token, visit)).resolves.toMatchObject({ purpose: 'service-record-sign', channel: 'mail', subject: { record: 'rec-1' } });
    expect(links.rows.get(link.id)).toMatchObject({ openedIp: '203.0.113.7', openedUserAgent: 'Mozilla/5.0 (iPhone)' });
    await expect(service.use(token, 'sign', { signerName: '王经理' }, visit)).resolves.toEqual({ ok: true });
    expect(signed).toEqual([{ by: `customer-link:${link.id}`, input: { signerName: '王经理' } }]);
    expect(links.rows.get(link.id)).toMatchObject({ usedIp: '203.0.113.7', usedUserAgent: 'Mozilla/5.0 (iPhone)' });
    await expect(service.use(token, 'sign', { signerName: '王经理' }, visit)).rejects.toMatchObject({ code: 'link-used' });
    await expect(service.open(token, visit)).rejects.toBeInstanceOf(GoneError);
    expect(signed).toHaveLength(1);
  });

  it('should refuse an action the purpose does not have (404 link-action-unknown), leaving the link usable', async () => {
    const { service, mails, tokenIn } = setup();
    await service.issue(unitActor('operator'), { ...request, channel: 'mail' });
    const token = tokenIn(mails[0].text);
    await expect(service.use(token, 'nothing', {}, visit)).rejects.toMatchObject({ code: 'link-action-unknown' });
    await expect(service.open(token, visit)).resolves.toBeDefined();
  });

  it('should expire a link after its time on the clock', async () => {
    const { service, clock, mails, tokenIn } = setup();
    await service.issue(unitActor('operator'), { ...request, channel: 'mail', ttlSec: 3600 });
    const token = tokenIn(mails[0].text);
    await clock.advance(HOUR - 1000);
    await expect(service.open(token, visit)).resolves.toBeDefined();
    await clock.advance(1000);
    await expect(service.open(token, visit)).rejects.toMatchObject({ code: 'link-expired' });
    await expect(service.use(token, 'sign', {}, visit)).rejects.toMatchObject({ code: 'link-expired' });
  });

  it('should answer link-unknown for a token never issued or of the wrong shape', async () => {
    const { service } = setup();
    await expect(service.open('x'.repeat(43), visit)).rejects.toMatchObject({ code: 'link-unknown' });
    await expect(service.open('../etc/passwd', visit)).rejects.toMatchObject({ code: 'link-unknown' });
  });

  it('should revoke an unused link (410 link-revoked afterwards) and refuse to revoke a used one', async () => {
    const { service, mails, tokenIn } = setup();
    const first = await service.issue(unitActor('operator'), { ...request, channel: 'mail' });
    await expect(service.revoke(unitActor('supervisor'), first.id)).resolves.toMatchObject({ status: 'revoked', revokedBy: 'supervisor-user' });
    await expect(service.open(tokenIn(mails[0].text), visit)).rejects.toMatchObject({ code: 'link-revoked' });
    const second = await service.issue(unitActor('operator'), { ...request, channel: 'mail' });
    await service.use(tokenIn(mails[1].text), 'sign', {}, visit);
    await expect(service.revoke(unitActor('supervisor'), second.id)).rejects.toThrow(/used or already revoked/);
  });

  it("should list a subject's links only to users whose scope covers them", async () => {
    const { service } = setup();
    await service.issue(unitActor('operator'), { ...request, channel: 'mail' });
    await expect(service.forSubject(unitActor('auditor', ['cust-b']), 'service-record-sign', 'rec-1')).resolves.toHaveLength(1);
    await expect(service.forSubject(unitActor('auditor', ['cust-a']), 'service-record-sign', 'rec-1')).resolves.toEqual([]);
  });
});
