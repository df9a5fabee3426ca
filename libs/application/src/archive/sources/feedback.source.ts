import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { ArchiveEntry } from '@vigil/domain';
import { FeedbackRepository } from '../../ports';
import { ArchiveRegistry, ArchiveSource, type ArchiveContribution, type ArchiveQuery } from '../archive-source';

const KIND: Record<string, string> = { complaint: '投诉', grumble: '抱怨', suggestion: '建议', opinion: '意见', praise: '表扬', 'maintenance-request': '报修' };
const CHANNEL: Record<string, string> = { phone: '电话', mail: '邮件', wecom: '企业微信', visit: '上门', survey: '调查' };
const STATE: Record<string, string> = { open: '待处理', 'in-progress': '处理中', resolved: '已解决', closed: '已关闭' };

/** Feedback entries received in the period at the scope's sites (a device's: those naming it), with how they were settled. */
@Injectable()
export class FeedbackArchiveSource extends ArchiveSource implements OnModuleInit {
  readonly kinds = ['feedback'] as const;

  constructor(
    private readonly registry: ArchiveRegistry,
    private readonly feedback: FeedbackRepository,
  ) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async entries(q: ArchiveQuery): Promise<ArchiveContribution> {
    if (q.scope.siteIds.length === 0) return { entries: [], truncated: false };
    // entries of no site belong to no site's archive: the register lists them
    const found = await this.feedback.list(
      { siteIds: q.scope.siteIds, customerIds: [], deviceId: q.scope.deviceId ?? undefined, from: q.from, to: q.to },
      { limit: q.limit, offset: 0 },
    );
    const entries: ArchiveEntry[] = found.items.flatMap((e) => {
      if (!e.siteId) return [];
      const level = e.level ? { zh: `（${e.level}级）`, en: ` (level ${e.level})` } : { zh: '', en: '' };
      const settled = e.resolution ? { zh: `；处理：${e.resolution}`, en: `; resolution: ${e.resolution}` } : { zh: '', en: '' };
      const confirmed = e.confirmation ? { zh: `；客户确认 ${e.confirmation.name}`, en: `; confirmed by ${e.confirmation.name}` } : { zh: '', en: '' };
      return [
        {
          kind: 'feedback',
          at: e.receivedAt,
          until: e.closedAt ?? e.resolvedAt,
          siteId: e.siteId,
          deviceId: e.deviceId,
          ref: { type: 'feedback', id: e.id },
          code: e.kind,
          facts: {
            channel: e.channel,
            level: e.level,
            state: e.state,
            dueAt: e.dueAt?.toISOString() ?? null,
            resolvedOnTime: e.dueAt && e.resolvedAt ? e.resolvedAt <= e.dueAt : null,
          },
          text: {
            zh: `${KIND[e.kind] ?? e.kind}${level.zh}（${CHANNEL[e.channel] ?? e.channel}）${STATE[e.state] ?? e.state}：${e.text}${settled.zh}${confirmed.zh}`,
            en: `${e.kind}${level.en} by ${e.channel}, ${e.state}: ${e.text}${settled.en}${confirmed.en}`,
          },
        },
      ];
    });
    return { entries, truncated: found.total > found.items.length };
  }
}
