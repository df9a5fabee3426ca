import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { ArchiveEntry } from '@vigil/domain';
import { FaultRepository, ServiceRecordRepository } from '../../ports';
import { ArchiveRegistry, ArchiveSource, type ArchiveContribution, type ArchiveQuery } from '../archive-source';

const KIND: Record<string, string> = { fault: '故障', patrol: '巡检', visit: '上门', callback: '回访' };
const STATE: Record<string, string> = { draft: '草稿', 'awaiting-signature': '待签字', signed: '已签字' };

/**
 * Customer service records (客户服务记录表) of the period: work done, parts, times on and off site, who signed and
 * through which channel, integrity flags. A device's archive holds the records of its faults.
 */
@Injectable()
export class ServiceRecordArchiveSource extends ArchiveSource implements OnModuleInit {
  readonly kinds = ['service-record'] as const;

  constructor(
    private readonly registry: ArchiveRegistry,
    private readonly records: ServiceRecordRepository,
    private readonly faults: FaultRepository,
  ) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async entries(q: ArchiveQuery): Promise<ArchiveContribution> {
    if (q.scope.siteIds.length === 0) return { entries: [], truncated: false };
    const found = await this.records.list({ siteIds: q.scope.siteIds, from: q.from, to: q.to }, { limit: q.limit, offset: 0 });
    const deviceOf = new Map<string, string | null>();
    const entries: ArchiveEntry[] = [];
    for (const r of found.items) {
      let deviceId: string | null = null;
      if (r.kind === 'fault' && r.jobId) {
        if (!deviceOf.has(r.jobId)) deviceOf.set(r.jobId, (await this.faults.findById(r.jobId))?.deviceId ?? null);
        deviceId = deviceOf.get(r.jobId) ?? null;
      }
      if (q.scope.deviceId && deviceId !== q.scope.deviceId) continue;
      const parts = r.partsUsed ? { zh: `；备件：${r.partsUsed}`, en: `; parts: ${r.partsUsed}` } : { zh: '', en: '' };
      const signed = r.signoff
        ? { zh: `；客户签字 ${r.signoff.signerName}（${r.signoff.channel}）`, en: `; signed by ${r.signoff.signerName} (${r.signoff.channel})` }
        : { zh: '', en: '' };
      const flags = r.flags.length ? { zh: `；核查提示 ${r.flags.join('、')}`, en: `; flags: ${r.flags.join(', ')}` } : { zh: '', en: '' };
      entries.push({
        kind: 'service-record',
        at: r.onSiteAt ?? r.createdAt,
        until: r.offSiteAt,
        siteId: r.siteId,
        deviceId,
        ref: { type: 'service-record', id: r.id },
        code: r.state,
        facts: {
          recordKind: r.kind,
          jobId: r.jobId,
          engineer: r.engineerName,
          signedBy: r.signoff?.signerName ?? null,
          channel: r.signoff?.channel ?? null,
          flags: r.flags.join(',') || null,
        },
        text: {
          zh: `服务记录（${KIND[r.kind] ?? r.kind}）${STATE[r.state] ?? r.state}：${r.workDone}${parts.zh}${signed.zh}${flags.zh}`,
          en: `Service record (${r.kind}) ${r.state}: ${r.workDone}${parts.en}${signed.en}${flags.en}`,
        },
      });
    }
    return { entries, truncated: found.total > found.items.length };
  }
}
