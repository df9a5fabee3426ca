import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DeviceHistorySummariser, type ArchiveEntry } from '@vigil/domain';
import { DeviceEventHistory } from '../../ports';
import { ArchiveRegistry, ArchiveSource, type ArchiveContribution, type ArchiveQuery } from '../archive-source';

/** Events read from the database at a time: a year of a contract is read page by page, never whole. */
const PAGE = 2000;

/** Status and condition changes (summarised into runs) and firmware changes, from the device event log. */
@Injectable()
export class DeviceHistoryArchiveSource extends ArchiveSource implements OnModuleInit {
  readonly kinds = ['status', 'condition', 'firmware'] as const;

  constructor(
    private readonly registry: ArchiveRegistry,
    private readonly log: DeviceEventHistory,
  ) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async entries(q: ArchiveQuery): Promise<ArchiveContribution> {
    const scope = { siteIds: q.scope.siteIds, deviceId: q.scope.deviceId };
    if (scope.siteIds.length === 0) return { entries: [], truncated: false };
    const start = await this.log.lastStatusBefore(scope, q.from);
    const summariser = new DeviceHistorySummariser(
      { from: q.from, end: q.end, timeZone: q.scope.timeZone },
      start.map((e) => ({ deviceId: e.deviceId, siteId: e.siteId, offline: e.change.kind === 'status-changed' && e.change.to === 'offline' })),
    );
    const entries: ArchiveEntry[] = [];
    let truncated = false;
    for (let after = 0; ;) {
      const page = await this.log.within(scope, q.from, q.to, after, PAGE);
      for (const e of page) entries.push(...summariser.push(e));
      if (entries.length > q.limit) {
        truncated = true;
        break;
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].id;
    }
    entries.push(...summariser.finish());
    return { entries: entries.slice(0, q.limit), truncated: truncated || entries.length > q.limit };
  }
}
