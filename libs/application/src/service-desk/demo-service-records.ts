import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { DEMO_CUSTOMER_ID, SYSTEM_ACTOR, type CustomerLink, type ServiceRecord } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ClockPort, CustomerLinkRepository, CustomerRepository, ServiceRecordRepository, SiteRepository, TransactionRunner } from '../ports';
import { SERVICE_RECORD_SIGN } from './service-record.service';

const HOUR = 3600_000;

/** A PNG of a pen stroke on a transparent ground, so the demo's customer copy shows a signature that looks like one. */
export function demoSignaturePng(width = 240, height = 80): Buffer {
  const rows: Buffer[] = [];
  const ink = (x: number, y: number) => {
    const wave = height / 2 + Math.sin(x / 14) * (height / 4) * Math.cos(x / 37);
    return Math.abs(y - wave) < 2.2 && x > 12 && x < width - 12;
  };
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 2);
    for (let x = 0; x < width; x++) row[1 + x * 2 + 1] = ink(x, y) ? 255 : 0;
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 4; // grey with alpha
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(data: Buffer): number {
  let c = ~0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/**
 * With VIGIL_DEMO=1: two service records at the demo customer's first sites, one signed by the customer through an SMS
 * link and one sent and awaiting the signature, and the demo customer's contact for links. Only while it has none.
 */
@Injectable()
export class DemoServiceRecords {
  private readonly logger = new Logger(DemoServiceRecords.name);

  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly records: ServiceRecordRepository,
    private readonly links: CustomerLinkRepository,
    private readonly customers: CustomerRepository,
    private readonly sites: SiteRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
  ) {}

  async loadIfEmpty(): Promise<void> {
    if (!this.config.demo) return;
    const made = await this.tx.run(async () => {
      const customer = await this.customers.findById(DEMO_CUSTOMER_ID);
      const demoSites = (await this.sites.listAll()).filter((s) => s.customerId === DEMO_CUSTOMER_ID && s.parentId !== null).slice(0, 2);
      if (!customer || demoSites.length < 2 || (await this.records.list({ customerId: DEMO_CUSTOMER_ID }, { limit: 1 })).total > 0) return 0;
      if (!customer.contactMobile) {
        const withContact = { ...customer, contactName: '王经理 (demo)', contactMobile: '13800000000' };
        await this.customers.update(withContact);
        await this.audit.record(SYSTEM_ACTOR, 'update', 'customer', customer.id, customer, withContact);
      }
      const now = this.clock.now();
      const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);
      const base = { kind: 'visit' as const, jobId: null, customerId: DEMO_CUSTOMER_ID, engineerId: null, engineerName: '张工 (demo)', createdBy: 'system' };
      const signedLink = this.link(demoSites[0].id, ago(26), { usedAt: ago(25), openedAt: ago(25.2) });
      const signed: ServiceRecord = {
        ...base,
        id: randomUUID(),
        siteId: demoSites[0].id,
        contractId: demoSites[0].contractId,
        workDone: '例行上门保养：清洁 12 路摄像机镜头，检查录像机硬盘 SMART 状态正常，校正系统时间。',
        partsUsed: '无',
        onSiteAt: ago(29),
        offSiteAt: ago(27),
        state: 'signed',
        signoff: {
          signerName: '王经理 (demo)',
          signerTitle: '保卫科科长',
          signature: `data:image/png;base64,${demoSignaturePng().toString('base64')}`,
          stamp: null,
          signatureSha256: createHash('sha256').update(demoSignaturePng()).digest('hex'),
          signedAt: ago(25),
          channel: 'customer-link',
          linkId: signedLink.id,
          linkChannel: 'sms',
          ip: '203.0.113.10',
          userAgent: 'Mozilla/5.0 (iPhone; demo)',
        },
        flags: [],
        createdAt: ago(27),
        updatedAt: ago(25),
      };
      const awaiting: ServiceRecord = {
        ...base,
        id: randomUUID(),
        siteId: demoSites[1].id,
        contractId: demoSites[1].contractId,
        workDone: '更换 3 号机位摄像机电源适配器，图像恢复正常。',
        partsUsed: '电源适配器 12V 2A ×1',
        onSiteAt: ago(3),
        offSiteAt: ago(2),
        state: 'awaiting-signature',
        signoff: null,
        flags: [],
        createdAt: ago(2),
        updatedAt: ago(1.5),
      };
      for (const [record, link] of [
        [signed, { ...signedLink, subjectId: signed.id }],
        [awaiting, { ...this.link(demoSites[1].id, ago(1.5), {}), subjectId: awaiting.id }],
      ] as const) {
        await this.records.insert(record);
        await this.links.insert(link);
        await this.audit.record(SYSTEM_ACTOR, 'create', 'service-record', record.id, null, record);
      }
      return 2;
    });
    if (made) this.logger.log(`loaded ${made} demo service records`);
  }

  /** A link as if sent by SMS at `issuedAt`; its token was never kept, as for every link. */
  private link(siteId: string, issuedAt: Date, used: { usedAt?: Date; openedAt?: Date }): CustomerLink {
    return {
      id: randomUUID(),
      purpose: SERVICE_RECORD_SIGN,
      subjectId: '',
      customerId: DEMO_CUSTOMER_ID,
      siteId,
      channel: 'sms',
      recipient: '13800000000',
      recipientName: '王经理 (demo)',
      tokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
      issuedBy: 'system',
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + this.config.customerLinks.ttlSec * 1000),
      sentAt: issuedAt,
      sendError: null,
      openedAt: used.openedAt ?? null,
      openedIp: used.openedAt ? '203.0.113.10' : null,
      openedUserAgent: used.openedAt ? 'Mozilla/5.0 (iPhone; demo)' : null,
      usedAt: used.usedAt ?? null,
      usedIp: used.usedAt ? '203.0.113.10' : null,
      usedUserAgent: used.usedAt ? 'Mozilla/5.0 (iPhone; demo)' : null,
      revokedAt: null,
      revokedBy: null,
    };
  }
}
