import { Injectable, type OnModuleInit } from '@nestjs/common';
import { faultHandling, SLA_STEPS, type ArchiveEntry, type SlaStep } from '@vigil/domain';
import { FaultService } from '../../faults/fault.service';
import { ArchiveRegistry, ArchiveSource, type ArchiveContribution, type ArchiveQuery } from '../archive-source';

const STEP = { respond: '响应', arrive: '到场', restore: '恢复', repair: '修复' } as const satisfies Record<SlaStep, string>;
const OUTCOME: Record<string, string> = { met: '达标', breached: '超时', pending: '计时中', paused: '暂停' };
const STATE: Record<string, string> = { open: '待响应', acknowledged: '已响应', dispatched: '已派单', 'on-site': '已到场', restored: '已恢复', closed: '已关闭' };

/** Faults opened in the period, each with its SLA outcome per clock (recorded when it closed), and their repairs. */
@Injectable()
export class FaultArchiveSource extends ArchiveSource implements OnModuleInit {
  readonly kinds = ['fault', 'repair'] as const;

  constructor(
    private readonly registry: ArchiveRegistry,
    private readonly faults: FaultService,
  ) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async entries(q: ArchiveQuery): Promise<ArchiveContribution> {
    if (q.scope.siteIds.length === 0) return { entries: [], truncated: false };
    const found = await this.faults.listWithin({ siteIds: q.scope.siteIds, deviceId: q.scope.deviceId ?? undefined, from: q.from, to: q.to }, { limit: q.limit, offset: 0 });
    const entries: ArchiveEntry[] = [];
    for (const f of found.items) {
      const outcome = Object.fromEntries(SLA_STEPS.map((s) => [s, f.sla?.[s].status ?? null])) as Record<SlaStep, string | null>;
      const sla = SLA_STEPS.filter((s) => outcome[s] !== null);
      const slaZh = sla.length ? `；SLA ${sla.map((s) => `${STEP[s]}${OUTCOME[outcome[s]!] ?? outcome[s]}`).join(' · ')}` : '';
      const slaEn = sla.length ? `; SLA ${sla.map((s) => `${s} ${outcome[s]}`).join(' · ')}` : '';
      const selfCleared = faultHandling(f) === 'self-cleared';
      const cleared = selfCleared ? { zh: '（自行恢复）', en: ' (cleared by itself)' } : { zh: '', en: '' };
      entries.push({
        kind: 'fault',
        at: f.openedAt,
        until: f.closedAt,
        siteId: f.siteId,
        deviceId: f.deviceId,
        ref: { type: 'fault', id: f.id },
        code: f.kind,
        facts: { level: f.level, state: f.state, source: f.source, parentFaultId: f.parentFaultId, selfCleared, ...outcome },
        text: {
          zh: `故障 ${f.kind}（${f.level}级）${STATE[f.state] ?? f.state}${cleared.zh}${f.description ? `：${f.description}` : ''}${slaZh}`,
          en: `Fault ${f.kind} (level ${f.level}) ${f.state}${cleared.en}${f.description ? `: ${f.description}` : ''}${slaEn}`,
        },
      });
      const repairedAt = f.repairedAt ?? f.restoredAt ?? f.closedAt;
      // a fault that cleared before anyone acted had no repair, whatever its closing note says
      if (f.resolution && repairedAt && !selfCleared)
        entries.push({
          kind: 'repair',
          at: repairedAt,
          until: null,
          siteId: f.siteId,
          deviceId: f.deviceId,
          ref: { type: 'fault', id: f.id },
          code: 'resolution',
          // parts used are named in the resolution until the parts register exists
          facts: { faultKind: f.kind },
          text: { zh: `维修：${f.resolution}`, en: `Repair: ${f.resolution}` },
        });
    }
    return { entries, truncated: found.total > found.items.length };
  }
}
