import { Injectable, type OnModuleInit } from '@nestjs/common';
import { formatLocalDate, type ArchiveEntry, type Fault } from '@vigil/domain';
import { ArchiveRegistry, ArchiveSource, type ArchiveContribution, type ArchiveQuery } from '../archive/archive-source';
import { FaultPartRepository, FaultRepository, StockRepository } from '../ports';

/**
 * The parts fitted by the repairs of the period (更换备件): which part on which device, for which fault, its serials in and out and
 * its own warranty. A device's archive holds the parts fitted on it; a site's or contract's those of its faults.
 */
@Injectable()
export class FittedPartArchiveSource extends ArchiveSource implements OnModuleInit {
  readonly kinds = ['part'] as const;

  constructor(
    private readonly registry: ArchiveRegistry,
    private readonly parts: FaultPartRepository,
    private readonly faults: FaultRepository,
    private readonly stock: StockRepository,
  ) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async entries(q: ArchiveQuery): Promise<ArchiveContribution> {
    if (q.scope.siteIds.length === 0) return { entries: [], truncated: false };
    const fitted = await this.parts.list({ state: 'fitted', fittedFrom: q.from, fittedTo: q.to });
    const sites = new Set(q.scope.siteIds);
    const faultOf = new Map<string, Fault | null>();
    for (const p of fitted) if (!faultOf.has(p.faultId)) faultOf.set(p.faultId, await this.faults.findById(p.faultId));
    const models = new Map((await this.stock.listPartModels()).map((m) => [m.id, m]));
    const entries: ArchiveEntry[] = [];
    for (const p of fitted) {
      const fault = faultOf.get(p.faultId);
      if (!fault || !sites.has(fault.siteId) || (q.scope.deviceId && fault.deviceId !== q.scope.deviceId)) continue;
      const model = models.get(p.partModelId);
      const name = model ? `${model.sku} ${model.name}` : p.partModelId;
      const until = p.warrantyUntil ? formatLocalDate(p.warrantyUntil, q.scope.timeZone) : null;
      const serials = {
        zh: `${p.serialIn ? `，新件 ${p.serialIn}` : ''}${p.serialOut ? `，旧件 ${p.serialOut}` : ''}`,
        en: `${p.serialIn ? `, in ${p.serialIn}` : ''}${p.serialOut ? `, out ${p.serialOut}` : ''}`,
      };
      entries.push({
        kind: 'part',
        at: p.fittedAt!,
        until: null,
        siteId: fault.siteId,
        deviceId: fault.deviceId,
        ref: { type: 'fault', id: fault.id },
        code: 'part-fitted',
        facts: { partId: p.id, partModelId: p.partModelId, sku: model?.sku ?? null, serialIn: p.serialIn, serialOut: p.serialOut, storeId: p.storeId, warrantyUntil: until },
        text: {
          zh: `更换备件 ${name}${serials.zh}${until ? `，保修至 ${until}` : ''}`,
          en: `Part fitted: ${name}${serials.en}${until ? `, warranty to ${until}` : ''}`,
        },
      });
    }
    const truncated = entries.length > q.limit;
    return { entries: truncated ? entries.slice(0, q.limit) : entries, truncated };
  }
}
