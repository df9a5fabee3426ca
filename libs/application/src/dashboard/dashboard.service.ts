import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { faultHandling, isDeviceType, sendsHeartbeats, type Actor, type DeviceStatus, type FaultLevel } from '@vigil/domain';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, DeviceRepository, FaultRepository, OnlineHistoryRepository, SiteRepository } from '../ports';
import { PatrolService } from '../patrols/patrol.service';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const LEVELS: FaultLevel[] = [1, 2, 3, 4];
const TREND_FAULT_LIMIT = 50_000;

export type TrendRange = '24h' | '30d';

/** What the monitoring centre's screen shows, aggregated in the database: never a list of every device. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly sites: SiteRepository,
    private readonly devices: DeviceRepository,
    private readonly faults: FaultRepository,
    private readonly online: OnlineHistoryRepository,
    private readonly patrols: PatrolService,
    private readonly clock: ClockPort,
    private readonly access: AccessPolicy,
  ) {}

  /** The actor's part of the estate (all of it without a scope). */
  async overview(actor: Actor) {
    const siteIds = await this.access.siteFilter(actor, 'dashboard.read');
    const inScope = (id: string) => siteIds === null || siteIds.includes(id);
    const [sites, deviceCounts, faultCounts, summary, overdue] = await Promise.all([
      this.sites.listAll(),
      this.devices.countsBySiteAndStatus(siteIds),
      this.faults.openCountsBySiteAndLevel(siteIds),
      this.faults.countOpenByLevel(siteIds),
      this.patrols.listWithin({ state: 'overdue', siteIds }, { limit: 20 }),
    ]);
    const now = this.clock.now();
    const month = DateTime.fromJSDate(now, { zone: 'Asia/Shanghai' }).toFormat('yyyy-MM');
    const dueSoon = await this.patrols.listWithin({ state: 'due', period: month, siteIds }, { limit: 20 });
    return {
      summary,
      sites: sites
        .filter((s) => inScope(s.id))
        .map((s) => {
          // types that send no heartbeats stay `unknown` for good: counted apart, not as unknown
          const devices = { online: 0, degraded: 0, offline: 0, unknown: 0, notMonitored: 0, total: 0 };
          for (const c of deviceCounts.filter((d) => d.siteId === s.id)) {
            devices[isDeviceType(c.type) && !sendsHeartbeats(c.type) ? 'notMonitored' : (c.status as DeviceStatus)] += c.count;
            devices.total += c.count;
          }
          const faults: Record<FaultLevel, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
          // the video wall orders sites by their worst level, then how many, then how long the oldest has waited
          const oldestOpenAt: Record<FaultLevel, Date | null> = { 1: null, 2: null, 3: null, 4: null };
          for (const c of faultCounts.filter((f) => f.siteId === s.id)) {
            faults[c.level] = c.count;
            oldestOpenAt[c.level] = c.oldestOpenedAt;
          }
          return { id: s.id, code: s.code, name: s.name, region: s.region, parentId: s.parentId, timeZone: s.timeZone, devices, faults, oldestOpenAt };
        }),
      patrols: { overdue: overdue.total, overdueItems: overdue.items.map(brief), dueThisMonth: dueSoon.total, dueItems: dueSoon.items.map(brief) },
    };
  }

  async trends(actor: Actor, range: TrendRange) {
    const siteIds = await this.access.siteFilter(actor, 'dashboard.read');
    const now = this.clock.now();
    const step = range === '24h' ? HOUR : DAY;
    const points = range === '24h' ? 24 : 30;
    const from = new Date(Math.floor(now.getTime() / step) * step - (points - 1) * step);
    const faults = (await this.faults.overlapping(from, now, TREND_FAULT_LIMIT)).filter((f) => f.parentFaultId === null && (siteIds === null || siteIds.includes(f.siteId)));
    const buckets = Array.from({ length: points }, (_, i) => new Date(from.getTime() + i * step));
    const faultsByLevel = buckets.map((t) => {
      const at = Math.min(t.getTime() + step, now.getTime());
      const open = faults.filter((f) => f.openedAt.getTime() <= at && (f.closedAt === null || f.closedAt.getTime() > at));
      return { at: t.toISOString(), ...Object.fromEntries(LEVELS.map((l) => [l, open.filter((f) => f.level === l).length])) };
    });
    const within = (d: Date | null, t: Date) => d !== null && d >= t && d.getTime() < t.getTime() + step;
    // as in the monthly report: over faults people handled; those that cleared by themselves are counted apart
    const handled = faults.filter((f) => faultHandling(f) === 'handled');
    const selfCleared = faults.filter((f) => faultHandling(f) === 'self-cleared');
    const mttr = buckets.map((t) => {
      const restored = handled.filter((f) => within(f.restoredAt, t));
      const minutes = restored.map((f) => (f.restoredAt!.getTime() - f.openedAt.getTime()) / 60_000);
      return {
        at: t.toISOString(),
        restored: restored.length,
        meanMinutes: minutes.length ? Math.round(minutes.reduce((a, b) => a + b, 0) / minutes.length) : null,
        selfCleared: selfCleared.filter((f) => within(f.clearedAt, t)).length,
      };
    });
    const fromHour = from.toISOString().slice(0, 13);
    const [series, bySite] = await Promise.all([this.online.series(fromHour, range === '24h' ? 'hour' : 'day', siteIds), this.online.bySite(fromHour, siteIds)]);
    return {
      range,
      faultsByLevel,
      mttr,
      online: series.map((s) => ({ at: s.bucket, rate: s.observedSec > 0 ? s.onlineSec / s.observedSec : null })),
      onlineBySite: bySite.map((s) => ({ siteId: s.siteId, rate: s.observedSec > 0 ? s.onlineSec / s.observedSec : null })),
    };
  }
}

function brief(p: { id: string; siteId: string; kind: string; period: string; dueAt: Date; state: string; overdue: boolean }) {
  return { id: p.id, siteId: p.siteId, kind: p.kind, period: p.period, dueAt: p.dueAt, state: p.state, overdue: p.overdue };
}
