import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import {
  CONTACT_FIELD,
  contactAddress,
  linkMailSubject,
  linkMessageText,
  linkStatus,
  linkUrl,
  type Actor,
  type CustomerLink,
  type LinkChannel,
  type LinkPurpose,
  type LinkStatus,
} from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ConflictError, GoneError, InputError, NotFoundError, UnavailableError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, CustomerLinkRepository, CustomerRepository, Mailer, TransactionRunner, WebhookSender, type LinkVisit } from '../ports';
import { LinkPurposes } from './link-purposes';

/** A link as the API shows it: never its token nor the token's hash. */
export type LinkView = Omit<CustomerLink, 'tokenHash'> & { status: LinkStatus };

export interface LinkRequest {
  purpose: LinkPurpose;
  subjectId: string;
  customerId: string;
  /** The subject's site (scopes who may send and read the link); null: a thing of the whole customer (a survey). */
  siteId: string | null;
  channel: LinkChannel;
  /** The zone the message's expiry is written in (the contract's). */
  timeZone?: string | null;
  /** Overrides VIGIL_LINK_TTL_SEC for this link. */
  ttlSec?: number;
}

/** What the customer sees on opening a link. */
export interface OpenedLink {
  purpose: LinkPurpose;
  channel: LinkChannel;
  expiresAt: Date;
  subject: unknown;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,128}$/;

/** The token's only stored form. */
export function linkTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function view(link: CustomerLink, now: Date): LinkView {
  const { tokenHash: _secret, ...rest } = link;
  return { ...rest, status: linkStatus(link, now) };
}

/**
 * One-time links to a customer contact (SMS, mail, WeCom): the proof that an answer came from the customer's own
 * channel. The token (256 random bits) goes only into the message; the database keeps its SHA-256. A link works
 * once, until it expires (VIGIL_LINK_TTL_SEC, default 24 h) or is revoked. Features register what a link is for in
 * LinkPurposes and call `issue`; the public routes call `open` and `use`.
 */
@Injectable()
export class CustomerLinkService {
  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly links: CustomerLinkRepository,
    private readonly customers: CustomerRepository,
    private readonly purposes: LinkPurposes,
    private readonly mailer: Mailer,
    private readonly webhooks: WebhookSender,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly access: AccessPolicy,
  ) {}

  /**
   * Issues a link and sends it to the customer's contact over the channel; answers the link without its token. Call it
   * outside a transaction (the message goes out once the link is stored). A message that cannot be sent revokes the
   * link (nobody holds its token) and answers 503.
   */
  async issue(actor: Actor, input: LinkRequest): Promise<LinkView> {
    await this.requireOwner(actor, 'customer-link.send', input.siteId, input.customerId, input.subjectId);
    const handler = this.purposes.find(input.purpose);
    if (!handler) throw new InputError('purpose', `no handler is registered for link purpose ${input.purpose}`);
    const customer = await this.customers.findById(input.customerId);
    if (!customer) throw new NotFoundError('customer', input.customerId);
    const recipient = contactAddress(customer, input.channel);
    if (!recipient) throw new InputError('channel', `customer ${customer.name} has no ${CONTACT_FIELD[input.channel]} for ${input.channel}; add it to the customer record`);
    this.requireGateway(input.channel);
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const link: CustomerLink = {
      id: randomUUID(),
      purpose: input.purpose,
      subjectId: input.subjectId,
      customerId: input.customerId,
      siteId: input.siteId,
      channel: input.channel,
      recipient,
      recipientName: customer.contactName ?? null,
      tokenHash: linkTokenHash(token),
      issuedBy: actor.username,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + (input.ttlSec ?? this.config.customerLinks.ttlSec) * 1000),
      sentAt: null,
      sendError: null,
      openedAt: null,
      openedIp: null,
      openedUserAgent: null,
      usedAt: null,
      usedIp: null,
      usedUserAgent: null,
      revokedAt: null,
      revokedBy: null,
    };
    await this.tx.run(async () => {
      await this.links.insert(link);
      await this.audit.record(actor, 'create', 'customer-link', link.id, null, view(link, now));
    });
    const text = linkMessageText({
      label: handler.label,
      url: linkUrl(this.config.customerLinks.baseUrl, handler.page ?? 'sign', token),
      expiresAt: link.expiresAt,
      timeZone: input.timeZone,
      recipientName: customer.contactName,
      customerName: customer.name,
    });
    try {
      await this.deliver(link, linkMailSubject(handler.label), text);
    } catch (err) {
      const reason = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      await this.tx.run(async () => {
        await this.links.markSent(link.id, null, reason);
        await this.links.revoke(link.id, this.clock.now(), 'system');
        await this.audit.record(actor, 'send-failed', 'customer-link', link.id, null, { ...view(link, now), sendError: reason });
      });
      throw new UnavailableError(`the ${input.channel} message to the customer could not be sent (${reason}); the link was withdrawn, send it again`);
    }
    const sentAt = this.clock.now();
    await this.links.markSent(link.id, sentAt, null);
    return view({ ...link, sentAt }, sentAt);
  }

  /** The links of one subject the actor may see, newest first (the owning feature has checked the subject itself). */
  async forSubject(actor: Actor, purpose: LinkPurpose, subjectId: string): Promise<LinkView[]> {
    const [siteIds, customerIds] = await Promise.all([this.access.siteFilter(actor, 'customer-link.read'), this.access.customerFilter(actor, 'customer-link.read')]);
    const now = this.clock.now();
    return (await this.links.forSubject(purpose, subjectId))
      .filter((l) => (l.siteId !== null ? siteIds === null || siteIds.includes(l.siteId) : customerIds === null || customerIds.includes(l.customerId)))
      .map((l) => view(l, now));
  }

  /** Withdraws a link not yet used; 409 once used. */
  async revoke(actor: Actor, id: string): Promise<LinkView> {
    await this.access.require(actor, 'customer-link.revoke');
    const found = await this.links.findById(id);
    if (!found) throw new NotFoundError('customer link', id);
    await this.requireOwner(actor, 'customer-link.revoke', found.siteId, found.customerId, id);
    return this.tx.run(async () => {
      const now = this.clock.now();
      if (found.usedAt || !(await this.links.revoke(id, now, actor.username))) throw new ConflictError('the link is used or already revoked');
      const after = { ...found, revokedAt: now, revokedBy: actor.username };
      await this.audit.record(actor, 'revoke', 'customer-link', id, view(found, now), view(after, now));
      return view(after, now);
    });
  }

  /**
   * Withdraws a subject's links still open (but `except`), inside the owning feature's transaction: the subject changed
   * or was settled another way. For the feature that owns the subject, which has checked the actor's access to it.
   */
  async withdrawOpen(actor: Actor, purpose: LinkPurpose, subjectId: string, except: string | null): Promise<number> {
    const now = this.clock.now();
    let withdrawn = 0;
    for (const link of await this.links.forSubject(purpose, subjectId)) {
      if (link.id === except || linkStatus(link, now) !== 'active') continue;
      if (!(await this.links.revoke(link.id, now, actor.username))) continue;
      await this.audit.record(actor, 'revoke', 'customer-link', link.id, null, { ...this.owner(link), purpose, subjectId, reason: 'withdrawn by the subject' });
      withdrawn++;
    }
    return withdrawn;
  }

  /** What the customer sees on opening the link; the first opening is recorded. 404 `link-unknown`, 410 `link-expired|used|revoked`. */
  async open(token: string, visit: Omit<LinkVisit, 'at'>): Promise<OpenedLink> {
    const at = this.clock.now();
    const link = await this.usable(token, at);
    const handler = this.handlerOf(link);
    if (!link.openedAt) {
      await this.tx.run(async () => {
        await this.links.markOpened(link.id, { ...visit, at });
        await this.audit.record(this.customerActor(link), 'open', 'customer-link', link.id, null, { ...this.owner(link), ...visit, at });
      });
    }
    return { purpose: link.purpose, channel: link.channel, expiresAt: link.expiresAt, subject: await handler.describe(link) };
  }

  /**
   * The customer acts through the link (`sign`, `survey` …): the purpose's handler runs in the transaction that uses
   * the link up, so the link works once, and stays usable when the handler refuses the input.
   */
  async use(token: string, action: string, input: unknown, visit: Omit<LinkVisit, 'at'>): Promise<unknown> {
    const at = this.clock.now();
    const found = await this.usable(token, at);
    const perform = this.handlerOf(found).actions[action];
    if (!perform) throw new NotFoundError('link action', action, 'link-action-unknown');
    const actor = this.customerActor(found);
    return this.tx.run(async () => {
      const full = { ...visit, at };
      if (!(await this.links.claim(found.id, full))) throw new GoneError('link-used', 'this link has already been used');
      const link: CustomerLink = { ...found, usedAt: at, usedIp: visit.ip, usedUserAgent: visit.userAgent };
      const result = await perform({ link, visit: full, actor }, input);
      await this.audit.record(actor, 'use', 'customer-link', link.id, null, { ...this.owner(link), purpose: link.purpose, subjectId: link.subjectId, action, ...full });
      return result;
    });
  }

  private async usable(token: string, at: Date): Promise<CustomerLink> {
    const link = TOKEN_SHAPE.test(token) ? await this.links.findByTokenHash(linkTokenHash(token)) : null;
    if (!link) throw new NotFoundError('link', 'token', 'link-unknown');
    const status = linkStatus(link, at);
    if (status === 'used') throw new GoneError('link-used', 'this link has already been used');
    if (status === 'revoked') throw new GoneError('link-revoked', 'this link was withdrawn');
    if (status === 'expired') throw new GoneError('link-expired', 'this link has expired; ask for a new one');
    return link;
  }

  private handlerOf(link: CustomerLink) {
    const handler = this.purposes.find(link.purpose);
    // a purpose whose feature this process does not run: the link cannot be served here
    if (!handler) throw new NotFoundError('link', 'token', 'link-unknown');
    return handler;
  }

  private customerActor(link: CustomerLink): Actor {
    return { userId: null, username: `customer-link:${link.id}`, role: 'system' };
  }

  private owner(link: CustomerLink) {
    return { siteId: link.siteId, customerId: link.customerId };
  }

  private async requireOwner(actor: Actor, permission: 'customer-link.send' | 'customer-link.revoke', siteId: string | null, customerId: string, id: string) {
    if (siteId !== null) await this.access.requireSite(actor, permission, siteId, 'customer-link', id);
    else await this.access.requireCustomer(actor, permission, customerId, 'customer-link', id);
  }

  private requireGateway(channel: LinkChannel): void {
    if (channel === 'mail' && !this.mailer.configured) throw new InputError('channel', 'no mail server is configured (SMTP_URL)');
    if (channel === 'sms' && !this.config.customerLinks.smsWebhookUrl) throw new InputError('channel', 'no SMS gateway is configured (VIGIL_SMS_WEBHOOK_URL)');
    if (channel === 'wecom' && !this.config.customerLinks.wecomWebhookUrl) throw new InputError('channel', 'no WeCom robot is configured (VIGIL_WECOM_WEBHOOK_URL)');
  }

  /** Mail through SMTP; SMS as `{to, text}` to the SMS gateway; WeCom as a group-robot text mentioning the contact. */
  private async deliver(link: CustomerLink, subject: string, text: string): Promise<void> {
    if (link.channel === 'mail') return this.mailer.send({ to: link.recipient, subject, text });
    const [url, body] =
      link.channel === 'sms'
        ? [this.config.customerLinks.smsWebhookUrl!, { to: link.recipient, text }]
        : [this.config.customerLinks.wecomWebhookUrl!, { msgtype: 'text', text: { content: text, mentioned_list: [link.recipient] } }];
    const status = await this.webhooks.post(url, body);
    if (status < 200 || status >= 300) throw new Error(`the ${link.channel} gateway answered ${status}`);
  }
}
