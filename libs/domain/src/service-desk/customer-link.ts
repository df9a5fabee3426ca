import type { Customer } from '../assets/asset.types';
import { formatLocalTime } from '../shared/local-time';

/** How a one-time link reaches the customer's contact. */
export const LINK_CHANNELS = ['sms', 'mail', 'wecom'] as const;
export type LinkChannel = (typeof LINK_CHANNELS)[number];

/** What a link is for; an open union: each feature registers a handler for its own purpose. */
export type LinkPurpose = 'service-record-sign' | 'survey' | 'complaint-confirm' | (string & {});

/** Links live a day unless configured otherwise (VIGIL_LINK_TTL_SEC). */
export const DEFAULT_LINK_TTL_SEC = 24 * 3600;

/**
 * A one-time link sent to a customer contact. Only the SHA-256 of its token is kept, so the database alone
 * cannot open it; who issued it, where it went, when it was opened and used, and from where, are recorded.
 */
export interface CustomerLink {
  id: string;
  purpose: LinkPurpose;
  subjectId: string;
  customerId: string;
  /** The subject's site, for scoping reads of the link (null: a thing of the whole customer). */
  siteId: string | null;
  channel: LinkChannel;
  /** The mobile number, mail address or WeCom id the message went to. */
  recipient: string;
  recipientName: string | null;
  tokenHash: string;
  issuedBy: string;
  issuedAt: Date;
  expiresAt: Date;
  sentAt: Date | null;
  sendError: string | null;
  openedAt: Date | null;
  openedIp: string | null;
  openedUserAgent: string | null;
  usedAt: Date | null;
  usedIp: string | null;
  usedUserAgent: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export type LinkStatus = 'active' | 'used' | 'revoked' | 'expired';

/** Used and revoked stay so for good; otherwise a link is active until it expires. */
export function linkStatus(link: Pick<CustomerLink, 'usedAt' | 'revokedAt' | 'expiresAt'>, now: Date): LinkStatus {
  if (link.usedAt) return 'used';
  if (link.revokedAt) return 'revoked';
  return now.getTime() >= link.expiresAt.getTime() ? 'expired' : 'active';
}

/** The structured contact of a customer (the old free-text `contact` stays beside it). */
export interface CustomerContact {
  contactName?: string | null;
  contactMobile?: string | null;
  contactEmail?: string | null;
  contactWecomId?: string | null;
}

/** Where a message over this channel goes for this customer; null when the customer has no such contact. */
export function contactAddress(customer: Customer, channel: LinkChannel): string | null {
  const value = channel === 'sms' ? customer.contactMobile : channel === 'mail' ? customer.contactEmail : customer.contactWecomId;
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** Whether the customer can be reached over any link channel. */
export function hasLinkContact(customer: Customer): boolean {
  return LINK_CHANNELS.some((c) => contactAddress(customer, c) !== null);
}

/** The field of the customer record a channel needs, for error messages. */
export const CONTACT_FIELD: Record<LinkChannel, keyof CustomerContact> = { sms: 'contactMobile', mail: 'contactEmail', wecom: 'contactWecomId' };

/** The page of the web app a link opens: `<publicUrl>/#/<page>/<token>`. */
export function linkUrl(publicUrl: string, page: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/#/${page}/${encodeURIComponent(token)}`;
}

/** The message a customer receives, in Chinese: what to do, the link, until when it works (the contract's local time, zone named). */
export function linkMessageText(m: { label: string; url: string; expiresAt: Date; timeZone?: string | null; recipientName?: string | null; customerName?: string | null }): string {
  const greeting = m.recipientName ? `${m.recipientName}您好` : m.customerName ? `${m.customerName}您好` : '您好';
  return [
    `【Vigil 维保服务】${greeting}：`,
    `请通过以下链接${m.label}：`,
    m.url,
    `此链接仅可使用一次，有效期至 ${formatLocalTime(m.expiresAt, m.timeZone)}。如非本人操作，请忽略本消息。`,
  ].join('\n');
}

/** The subject line of a link's mail. */
export function linkMailSubject(label: string): string {
  return `【Vigil 维保服务】请${label}`;
}
