import { Injectable } from '@nestjs/common';
import {
  addTallies,
  daysOfMonth,
  daysSoFar,
  EMPTY_TALLY,
  localDayOf,
  onlineRate,
  rollUpSiteVideo,
  videoFigures,
  type Actor,
  type Permission,
  type Site,
  type VideoFigures,
} from '@vigil/domain';
import { DateTime } from 'luxon';
import { InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, ContractRepository, DeviceRepository, OnlineHistoryRepository, SiteRepository, VideoEvidenceRepository } from '../ports';

export interface VideoFiguresQuery {
  /** YYYY-MM: each site's own local month. */
  month?: string;
  /** YYYY-MM-DD: each site's own local day. Neither month nor day: each site's local today. */
  day?: string;
  contractId?: string;
  siteId?: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const hour = (d: Date) => d.toISOString().slice(0, 13);
const PERMISSION: Permission = 'video.read';

/**
 * Video figures ([14]) per contract, site, device and channel over a month or a day, each site by its own local
 * days: recording completeness (录像完整率), retention compliance, picture intact rate (完好率), beside the online
 * rate (在线率) from the same hourly online record as the monthly service report. Unknown is null, never zero.
 */
@Injectable()
export class VideoFiguresService {
  constructor(
    private readonly evidence: VideoEvidenceRepository,
    private readonly sites: SiteRepository,
    private readonly contracts: ContractRepository,
    private readonly devices: DeviceRepository,
    private readonly online: OnlineHistoryRepository,
    private readonly clock: ClockPort,
    private readonly access: AccessPolicy,
  ) {}

  async figures(actor: Actor, q: VideoFiguresQuery) {
    await this.access.require(actor, PERMISSION);
    if (q.month !== undefined && q.day !== undefined) throw new InputError('day', 'give a month or a day, not both');
    if (q.month !== undefined && !(MONTH.test(q.month) && daysOfMonth(q.month))) throw new InputError('month', 'must be a month written YYYY-MM');
    if (q.day !== undefined && !(DAY.test(q.day) && DateTime.fromISO(q.day).isValid)) throw new InputError('day', 'must be a date written YYYY-MM-DD');
    if (q.contractId !== undefined && q.siteId !== undefined) throw new InputError('siteId', 'give a contractId or a siteId, not both');
    const { contract, sites } = await this.scope(actor, q);
    return this.compute(contract, sites, q);
  }

  /** The figures of a contract's sites (already scoped by the caller) over a month, for the monthly service report. */
  async forReport(contract: { id: string; name: string; timeZone: string }, sites: Site[], month: string) {
    return this.compute(contract, sites, { month });
  }

  private async scope(actor: Actor, q: VideoFiguresQuery) {
    const inScope = await this.access.siteFilter(actor, PERMISSION);
    const visible = (s: Site) => inScope === null || inScope.includes(s.id);
    if (q.contractId !== undefined) {
      const contract = await this.contracts.findById(q.contractId);
      await this.access.requireCustomer(actor, PERMISSION, contract?.customerId ?? null, 'contract', q.contractId);
      if (!contract) throw new NotFoundError('contract', q.contractId);
      const sites = (await this.sites.listAll()).filter((s) => s.contractId === contract.id && visible(s));
      return { contract: { id: contract.id, name: contract.name, timeZone: contract.timeZone }, sites };
    }
    if (q.siteId !== undefined) {
      const site = await this.sites.findById(q.siteId);
      await this.access.requireSite(actor, PERMISSION, site?.id ?? q.siteId, 'site', q.siteId);
      if (!site) throw new NotFoundError('site', q.siteId);
      return { contract: null, sites: [site] };
    }
    return { contract: null, sites: (await this.sites.listAll()).filter(visible) };
  }

  private async compute(contract: { id: string; name: string; timeZone: string } | null, sites: Site[], q: Pick<VideoFiguresQuery, 'month' | 'day'>) {
    const now = this.clock.now();
    const daysOf = (s: Site) => {
      const today = localDayOf(now, s.timeZone).day;
      if (q.month !== undefined) return daysSoFar(q.month, s.timeZone, now) ?? [];
      const day = q.day ?? today;
      return day <= today ? [day] : [];
    };
    const siteIds = sites.map((s) => s.id);
    const spans = sites.map((s) => ({ site: s, days: daysOf(s) }));
    const allDays = spans.flatMap((s) => s.days).sort();
    const [rows, channels] = await Promise.all([
      allDays.length ? this.evidence.rowsOf(siteIds, allDays[0], allDays[allDays.length - 1]) : Promise.resolve([]),
      this.evidence.channelsOf(siteIds),
    ]);
    const online = await this.onlineOf(spans);
    const names = new Map((await this.devices.findByIds([...new Set(channels.map((c) => c.deviceId))])).map((d) => [d.id, d.name]));
    let total = EMPTY_TALLY;
    let totalOnline = { onlineSec: 0, observedSec: 0 };
    const bySite = spans.map(({ site, days }) => {
      const rolled = rollUpSiteVideo(
        { siteId: site.id, timeZone: site.timeZone },
        days,
        channels.filter((c) => c.siteId === site.id),
        rows.filter((r) => r.siteId === site.id),
      );
      const { tally, ...figures } = rolled;
      total = addTallies(total, tally);
      const siteOnline = online.site.get(site.id) ?? { onlineSec: 0, observedSec: 0 };
      totalOnline = { onlineSec: totalOnline.onlineSec + siteOnline.onlineSec, observedSec: totalOnline.observedSec + siteOnline.observedSec };
      return {
        ...figures,
        siteName: site.name,
        onlineRate: onlineRate(siteOnline),
        days: figures.days.map((d) => ({ ...d, onlineRate: onlineRate(online.siteDay.get(`${site.id}|${d.day}`) ?? { onlineSec: 0, observedSec: 0 }) })),
        devices: figures.devices.map((d) => ({
          ...d,
          deviceName: names.get(d.deviceId) ?? null,
          onlineRate: onlineRate(online.device.get(d.deviceId) ?? { onlineSec: 0, observedSec: 0 }),
        })),
      };
    });
    const overall: VideoFigures & { onlineRate: number | null } = { ...videoFigures(total), onlineRate: onlineRate(totalOnline) };
    return {
      period: q.month !== undefined ? { month: q.month } : { day: q.day ?? null },
      contract,
      ...overall,
      sites: bySite,
    };
  }

  /** Online time over each site's own local days, from the hourly online record (per site, per device, per site-day). */
  private async onlineOf(spans: { site: Site; days: string[] }[]) {
    const site = new Map<string, { onlineSec: number; observedSec: number }>();
    const device = new Map<string, { onlineSec: number; observedSec: number }>();
    const siteDay = new Map<string, { onlineSec: number; observedSec: number }>();
    const add = (m: Map<string, { onlineSec: number; observedSec: number }>, key: string, s: { onlineSec: number; observedSec: number }) => {
      const now = m.get(key) ?? { onlineSec: 0, observedSec: 0 };
      m.set(key, { onlineSec: now.onlineSec + s.onlineSec, observedSec: now.observedSec + s.observedSec });
    };
    // sites of one zone and one span share their reads
    const groups = new Map<string, { zone: string; days: string[]; siteIds: string[] }>();
    for (const { site: s, days } of spans) {
      if (days.length === 0) continue;
      const key = `${s.timeZone}|${days[0]}|${days[days.length - 1]}`;
      const g = groups.get(key) ?? { zone: s.timeZone, days, siteIds: [] };
      g.siteIds.push(s.id);
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      const from = DateTime.fromISO(g.days[0], { zone: g.zone }).toJSDate();
      const to = DateTime.fromISO(g.days[g.days.length - 1], { zone: g.zone })
        .plus({ days: 1 })
        .toJSDate();
      const [bySite, byDevice, hours] = await Promise.all([
        this.online.breakdown(hour(from), hour(to), 'site', g.siteIds),
        this.online.breakdown(hour(from), hour(to), 'device', g.siteIds),
        this.online.siteHours(hour(from), hour(to), g.siteIds),
      ]);
      for (const r of bySite) add(site, r.key, r);
      for (const r of byDevice) add(device, r.key, r);
      for (const h of hours) add(siteDay, `${h.siteId}|${localDayOf(new Date(`${h.hour}:00:00Z`), g.zone).day}`, h);
    }
    return { site, device, siteDay };
  }
}
