import { Injectable, type OnModuleInit } from '@nestjs/common';
import { callbackTiming, type ArchiveEntry, type Callback } from '@vigil/domain';
import { CallbackRepository, FaultRepository, SurveyRepository } from '../../ports';
import { ArchiveRegistry, ArchiveSource, type ArchiveContribution, type ArchiveQuery } from '../archive-source';

const REASON: Record<string, string> = { 'phone-fix': '电话修复', visit: '上门', patrol: '巡检', survey: '满意度调查', 'follow-up': '跟进', retry: '重拨' };
const OUTCOME: Record<string, string> = { reached: '已联系', 'not-reached': '未接通', refused: '拒绝' };
const STATUS: Record<string, string> = { pending: '未到期', due: '待回访', missed: '漏访', 'done-on-time': '按时完成', 'done-late': '逾时完成' };

/**
 * Callbacks (回访) due in the period with their result and timing, and the satisfaction surveys answered in it.
 * A device's archive holds the callbacks of its faults; surveys are of a site, so only site and contract archives show them.
 */
@Injectable()
export class CallbackArchiveSource extends ArchiveSource implements OnModuleInit {
  readonly kinds = ['callback', 'survey'] as const;

  constructor(
    private readonly registry: ArchiveRegistry,
    private readonly callbacks: CallbackRepository,
    private readonly surveys: SurveyRepository,
    private readonly faults: FaultRepository,
  ) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async entries(q: ArchiveQuery): Promise<ArchiveContribution> {
    if (q.scope.siteIds.length === 0) return { entries: [], truncated: false };
    const [calls, answered] = await Promise.all([
      this.callbacks.list({ siteIds: q.scope.siteIds, dueFrom: q.from, dueTo: q.to }, { limit: q.limit, offset: 0 }),
      q.scope.deviceId ? null : this.surveys.list({ siteIds: q.scope.siteIds, state: 'answered', answeredFrom: q.from, answeredTo: q.to }, { limit: q.limit, offset: 0 }),
    ]);
    const deviceOf = new Map<string, string | null>();
    for (const c of calls.items) if (c.faultId && !deviceOf.has(c.faultId)) deviceOf.set(c.faultId, (await this.faults.findById(c.faultId))?.deviceId ?? null);
    const entries: ArchiveEntry[] = [];
    for (const c of calls.items) {
      const deviceId = c.faultId ? (deviceOf.get(c.faultId) ?? null) : null;
      if (q.scope.deviceId && deviceId !== q.scope.deviceId) continue;
      entries.push(this.callbackEntry(c, deviceId, q.end));
    }
    for (const s of answered?.items ?? []) {
      const overall = s.answers.find((a) => a.key === 'overall')?.score ?? null;
      const mean = s.answers.length ? Math.round((s.answers.reduce((t, a) => t + a.score, 0) / s.answers.length) * 10) / 10 : null;
      entries.push({
        kind: 'survey',
        at: s.answeredAt!,
        until: null,
        siteId: s.siteId,
        deviceId: null,
        ref: { type: 'survey', id: s.id },
        code: overall !== null && overall < s.passMark ? 'failed' : 'answered',
        facts: { period: s.period, overall, mean, passMark: s.passMark, respondent: s.respondent },
        text: {
          zh: `满意度调查 ${s.period}：总体 ${overall ?? '—'} 分，平均 ${mean ?? '—'} 分${s.respondent ? `（${s.respondent}）` : ''}`,
          en: `Satisfaction survey ${s.period}: overall ${overall ?? '—'}, mean ${mean ?? '—'}${s.respondent ? ` (${s.respondent})` : ''}`,
        },
      });
    }
    return { entries, truncated: calls.total > calls.items.length || (answered !== null && answered.total > answered.items.length) };
  }

  private callbackEntry(c: Callback, deviceId: string | null, now: Date): ArchiveEntry {
    const { status } = callbackTiming(c, now);
    const r = c.result;
    const said = r
      ? {
          zh: `：${OUTCOME[r.outcome] ?? r.outcome}${r.score !== null ? ` ${r.score} 分` : ''}${r.notes ? `，${r.notes}` : ''}`,
          en: `: ${r.outcome}${r.score !== null ? ` ${r.score}/10` : ''}${r.notes ? `, ${r.notes}` : ''}`,
        }
      : { zh: '', en: '' };
    return {
      kind: 'callback',
      at: r?.recordedAt ?? c.dueAt,
      until: null,
      siteId: c.siteId,
      deviceId,
      ref: { type: 'callback', id: c.id },
      code: status,
      facts: { reason: c.reason, faultId: c.faultId, outcome: r?.outcome ?? null, score: r?.score ?? null, passMark: c.passMark, dueAt: c.dueAt.toISOString() },
      text: { zh: `回访（${REASON[c.reason] ?? c.reason}）${STATUS[status] ?? status}${said.zh}`, en: `Callback (${c.reason}) ${status}${said.en}` },
    };
  }
}
