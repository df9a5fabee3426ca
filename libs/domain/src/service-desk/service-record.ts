import type { LinkChannel } from './customer-link';

/** The jobs a service record (客户服务记录表) is kept for; a visit has no job of its own. */
export const SERVICE_RECORD_KINDS = ['fault', 'patrol', 'visit', 'callback'] as const;
export type ServiceRecordKind = (typeof SERVICE_RECORD_KINDS)[number];

/** draft → awaiting-signature (a link went to the customer) → signed; signed is final, corrections go beside it. */
export const SERVICE_RECORD_STATES = ['draft', 'awaiting-signature', 'signed'] as const;
export type ServiceRecordState = (typeof SERVICE_RECORD_STATES)[number];

/** Where the customer signed: on the engineer's phone, or through a one-time link sent to their own contact. */
export const SIGNING_CHANNELS = ['engineer-device', 'customer-link'] as const;
export type SigningChannel = (typeof SIGNING_CHANNELS)[number];

/**
 * Signs of a signature drawn by the engineer on the customer's behalf, for a supervisor to review:
 * `signature-copied`: the same image (SHA-256) is on another record; `signer-is-staff`: the signer's name is a
 * user's (the engineer's own or a colleague's); `device-signed-with-contact`: signed on the engineer's device
 * although the customer could have been sent a link. A record signed through a link carries none.
 */
export const INTEGRITY_FLAGS = ['signature-copied', 'signer-is-staff', 'device-signed-with-contact'] as const;
export type IntegrityFlag = (typeof INTEGRITY_FLAGS)[number];

export interface ServiceRecordSignoff {
  signerName: string;
  signerTitle: string;
  /** PNG or JPEG data URL. */
  signature: string;
  stamp: string | null;
  signatureSha256: string;
  signedAt: Date;
  channel: SigningChannel;
  /** For a link: the link's id and channel, and where the customer signed from. */
  linkId: string | null;
  linkChannel: LinkChannel | null;
  ip: string | null;
  userAgent: string | null;
}

export interface ServiceRecord {
  id: string;
  kind: ServiceRecordKind;
  /** The fault's, patrol's or callback's id; null for a visit. */
  jobId: string | null;
  siteId: string;
  customerId: string | null;
  contractId: string | null;
  workDone: string;
  /** Free text until parts are tracked. */
  partsUsed: string;
  engineerId: string | null;
  engineerName: string | null;
  onSiteAt: Date | null;
  offSiteAt: Date | null;
  state: ServiceRecordState;
  signoff: ServiceRecordSignoff | null;
  /** Flags decided when it was signed (a copied signature is also found later, when another record gets the same image). */
  flags: IntegrityFlag[];
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const CORRECTABLE_FIELDS = ['workDone', 'partsUsed', 'onSiteAt', 'offSiteAt', 'note'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

/** A correction of a signed record: an entry beside it, never a change of it. */
export interface ServiceRecordCorrection {
  recordId: string;
  field: CorrectableField;
  value: string;
  note: string;
  by: string;
  at: Date;
}

export interface ServiceRecordPhoto {
  id: string;
  recordId: string;
  contentType: string;
  bytes: number;
  sha256: string;
  path: string;
  uploadedBy: string;
  createdAt: Date;
}

/** Times on and off site: off after on, both not in the future. */
export function timesProblem(onSiteAt: Date | null, offSiteAt: Date | null, now: Date): { field: 'onSiteAt' | 'offSiteAt'; message: string } | null {
  if (onSiteAt && onSiteAt.getTime() > now.getTime()) return { field: 'onSiteAt', message: 'must not be in the future' };
  if (offSiteAt && offSiteAt.getTime() > now.getTime()) return { field: 'offSiteAt', message: 'must not be in the future' };
  if (onSiteAt && offSiteAt && offSiteAt.getTime() < onSiteAt.getTime()) return { field: 'offSiteAt', message: 'must not be before onSiteAt' };
  return null;
}

/** A name as people compare them: no spaces, no case. */
const plainName = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * The flags of a signature at signing. `staffNames`: the display names and user names of every user; `copiedElsewhere`:
 * another record bears the same image; `customerReachable`: the customer has a mobile, mail or WeCom contact.
 */
export function integrityFlags(s: {
  channel: SigningChannel;
  signerName: string;
  staffNames: readonly string[];
  copiedElsewhere: boolean;
  customerReachable: boolean;
}): IntegrityFlag[] {
  if (s.channel === 'customer-link') return [];
  const signer = plainName(s.signerName);
  const flags: IntegrityFlag[] = [];
  if (s.copiedElsewhere) flags.push('signature-copied');
  if (signer.length > 0 && s.staffNames.some((n) => plainName(n) === signer)) flags.push('signer-is-staff');
  if (s.customerReachable) flags.push('device-signed-with-contact');
  return flags;
}

/** The flags shown with a record: those decided at signing, and a copy found since (on a record signed on a device). */
export function currentFlags(record: Pick<ServiceRecord, 'flags' | 'signoff'>, copiedElsewhere: boolean): IntegrityFlag[] {
  if (!record.signoff || record.signoff.channel === 'customer-link') return [];
  const flags = new Set(record.flags);
  if (copiedElsewhere) flags.add('signature-copied');
  return INTEGRITY_FLAGS.filter((f) => flags.has(f));
}

/** Chinese labels for documents and messages. */
export const SERVICE_RECORD_KIND_ZH: Record<ServiceRecordKind, string> = { fault: '故障维修', patrol: '巡检', visit: '上门服务', callback: '回访' };
export const SIGNING_CHANNEL_ZH: Record<SigningChannel, string> = { 'engineer-device': '工程师设备现场签字', 'customer-link': '客户一次性链接签字' };
export const LINK_CHANNEL_ZH: Record<LinkChannel, string> = { sms: '短信', mail: '邮件', wecom: '企业微信' };
