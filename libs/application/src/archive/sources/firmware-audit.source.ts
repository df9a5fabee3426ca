import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { ArchiveEntry } from '@vigil/domain';
import { AuditRepository, DeviceRepository } from '../../ports';
import { ArchiveRegistry, ArchiveSource, type ArchiveContribution, type ArchiveQuery } from '../archive-source';

const PAGE = 500;
const firmwareOf = (x: unknown): string | null => (x && typeof x === 'object' && 'firmware' in x && typeof x.firmware === 'string' ? x.firmware : null);

/** Firmware changed in the device register by people (an edit or an inventory import), from the audit trail. */
@Injectable()
export class FirmwareAuditArchiveSource extends ArchiveSource implements OnModuleInit {
  readonly kinds = ['firmware'] as const;

  constructor(
    private readonly registry: ArchiveRegistry,
    private readonly audit: AuditRepository,
    private readonly devices: DeviceRepository,
  ) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async entries(q: ArchiveQuery): Promise<ArchiveContribution> {
    if (q.scope.siteIds.length === 0) return { entries: [], truncated: false };
    const siteOf = new Map(
      q.scope.deviceId
        ? (await this.devices.findByIds([q.scope.deviceId])).map((d) => [d.id, d.siteId])
        : (await this.devices.list({ siteIds: q.scope.siteIds }, {})).items.map((d) => [d.id, d.siteId]),
    );
    const entries: ArchiveEntry[] = [];
    const filter = { entity: 'device', from: q.from, to: q.to, ...(q.scope.deviceId ? { entityId: q.scope.deviceId } : {}) };
    for (let after = 0; ;) {
      const page = await this.audit.page(after, PAGE, filter);
      for (const e of page) {
        const siteId = e.entityId ? siteOf.get(e.entityId) : undefined;
        const [before, now] = [firmwareOf(e.before), firmwareOf(e.after)];
        if (!siteId || before === now || now === null) continue;
        entries.push({
          kind: 'firmware',
          at: e.at,
          until: null,
          siteId,
          deviceId: e.entityId,
          ref: { type: 'audit', id: String(e.id) },
          code: 'firmware-recorded',
          facts: { from: before, to: now, source: 'register', by: e.actor },
          text: { zh: `固件登记 ${before ?? '—'} → ${now}（${e.actor}）`, en: `Firmware recorded ${before ?? '—'} → ${now} (by ${e.actor})` },
        });
        if (entries.length >= q.limit) return { entries, truncated: true };
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].id;
    }
    return { entries, truncated: false };
  }
}
