import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { ArchiveEntry, ChecklistTemplate } from '@vigil/domain';
import { PatrolRepository } from '../../ports';
import { ArchiveRegistry, ArchiveSource, type ArchiveContribution, type ArchiveQuery } from '../archive-source';

/** Patrols of the period: submitted and signed ones with their failed lines, and those missed. */
@Injectable()
export class PatrolArchiveSource extends ArchiveSource implements OnModuleInit {
  readonly kinds = ['patrol'] as const;

  constructor(
    private readonly registry: ArchiveRegistry,
    private readonly patrols: PatrolRepository,
  ) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async entries(q: ArchiveQuery): Promise<ArchiveContribution> {
    if (q.scope.siteIds.length === 0) return { entries: [], truncated: false };
    const found = await this.patrols.list({ siteIds: q.scope.siteIds, from: q.from, to: q.to }, { limit: q.limit, offset: 0 });
    const templates = new Map<string, Promise<ChecklistTemplate | null>>();
    const template = (id: string, version: number) => {
      const key = `${id}@${version}`;
      if (!templates.has(key)) templates.set(key, this.patrols.template(id, version));
      return templates.get(key)!;
    };
    const device = q.scope.deviceId;
    const entries: ArchiveEntry[] = [];
    for (const p of found.items) {
      const done = p.state === 'submitted' || p.state === 'signed';
      // a device's archive: the patrols that checked it, with its own lines
      const results = device ? p.results.filter((r) => r.lineKey.endsWith(`@${device}`)) : p.results;
      if (device && results.length === 0) continue;
      if (!done && p.periodEnd > q.end) continue; // still under way: not a record yet
      const items = new Map((await template(p.templateId, p.templateVersion))?.items.map((i) => [i.key, i]) ?? []);
      const failed = results
        .filter((r) => r.outcome === 'fail')
        .map((r) => {
          const [key, onDevice] = r.lineKey.split('@');
          const label = items.get(key)?.label ?? { zh: key, en: key };
          const what = [r.value, r.note].filter((v) => v !== null && v !== '').join(' ');
          return { zh: `${label.zh}${onDevice ? `@${onDevice}` : ''}${what ? `（${what}）` : ''}`, en: `${label.en}${onDevice ? `@${onDevice}` : ''}${what ? ` (${what})` : ''}` };
        });
      const signed = p.signoff ? { zh: `，客户签字 ${p.signoff.signerName}`, en: `, signed by ${p.signoff.signerName}` } : { zh: '，未签字', en: ', not signed' };
      const fails = failed.length
        ? { zh: `；不合格 ${failed.length} 项：${failed.map((f) => f.zh).join('；')}`, en: `; ${failed.length} failed: ${failed.map((f) => f.en).join('; ')}` }
        : { zh: '；全部合格', en: '; all passed' };
      entries.push(
        done
          ? {
              kind: 'patrol',
              at: p.submittedAt ?? p.updatedAt,
              until: null,
              siteId: p.siteId,
              deviceId: device,
              ref: { type: 'patrol', id: p.id },
              code: p.state,
              facts: {
                patrolKind: p.kind,
                period: p.period,
                lines: results.length,
                failed: failed.length,
                signedBy: p.signoff?.signerName ?? null,
                onTime: (p.submittedAt ?? p.updatedAt) <= p.dueAt,
              },
              text: { zh: `巡检 ${p.kind} ${p.period}${signed.zh}${fails.zh}`, en: `Patrol ${p.kind} ${p.period}${signed.en}${fails.en}` },
            }
          : {
              kind: 'patrol',
              at: p.periodEnd,
              until: null,
              siteId: p.siteId,
              deviceId: device,
              ref: { type: 'patrol', id: p.id },
              code: 'missed',
              facts: { patrolKind: p.kind, period: p.period, lines: 0, failed: 0, signedBy: null, onTime: false },
              text: { zh: `巡检 ${p.kind} ${p.period} 未完成（漏检）`, en: `Patrol ${p.kind} ${p.period} missed` },
            },
      );
    }
    return { entries, truncated: found.total > found.items.length };
  }
}
