import { Injectable } from '@nestjs/common';
import {
  archiveKindLabel,
  compareArchiveEntries,
  formatLocalTime,
  lastMonths,
  localPeriod,
  neutraliseCell,
  type Actor,
  type ArchiveEntry,
  type Contract,
  type Device,
  type PageRequest,
  type Site,
} from '@vigil/domain';
import { requireDevice } from '../assets/device-access';
import { AuditService } from '../audit/audit.service';
import { InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, ContractRepository, CsvWriter, CustomerRepository, DeviceRepository, SiteRepository, TransactionRunner } from '../ports';
import { ArchiveRegistry, type ArchiveScope } from './archive-source';

/** The most entries an archive holds: past it the listing and the documents stop and say so (narrow the period or the kinds). */
export const ARCHIVE_MAX_ENTRIES = 20_000;
/** Without a period, the archive covers the last twelve local months. */
const DEFAULT_MONTHS = 12;

export interface ArchiveRequest {
  deviceId?: string;
  siteId?: string;
  contractId?: string;
  /** 'YYYY-MM' or 'YYYY-MM-DD' in the contract's zone; `to` included. */
  from?: string;
  to?: string;
  kinds?: readonly string[];
}

/** An archive read whole (bounded): the scope with its names, the period and the entries in order. */
export interface Archive {
  scope: ArchiveScope & { name: string };
  contract: Contract | null;
  customerName: string | null;
  period: { from: string; to: string };
  from: Date;
  to: Date;
  kinds: string[];
  entries: ArchiveEntry[];
  truncated: boolean;
  sites: Map<string, Site>;
  devices: Map<string, Device>;
}

const PERMISSION = 'archive.read';

/**
 * The maintenance archive (维护保养档案) of a device, a site or a contract: one timeline of what every
 * registered ArchiveSource holds for it in a period. The reader's scope is checked first: a device, site
 * or contract outside it is 404, and a contract's archive holds only the sites the reader may see.
 */
@Injectable()
export class ArchiveService {
  constructor(
    private readonly registry: ArchiveRegistry,
    private readonly access: AccessPolicy,
    private readonly devices: DeviceRepository,
    private readonly sites: SiteRepository,
    private readonly contracts: ContractRepository,
    private readonly customers: CustomerRepository,
    private readonly clock: ClockPort,
    private readonly csv: CsvWriter,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /** A page of the timeline, oldest first; times ISO UTC, the zone beside them for people. */
  async list(actor: Actor, req: ArchiveRequest, page: PageRequest) {
    const a = await this.read(actor, req);
    const offset = page.offset ?? 0;
    const items = a.entries.slice(offset, offset + (page.limit ?? 100));
    return {
      scope: { level: a.scope.level, id: a.scope.id, name: a.scope.name },
      timeZone: a.scope.timeZone,
      period: a.period,
      from: a.from.toISOString(),
      to: a.to.toISOString(),
      kinds: a.kinds,
      total: a.entries.length,
      truncated: a.truncated,
      items: items.map((e) => ({
        ...e,
        at: e.at.toISOString(),
        until: e.until?.toISOString() ?? null,
        siteName: a.sites.get(e.siteId)?.name ?? null,
        deviceName: e.deviceId ? (a.devices.get(e.deviceId)?.name ?? null) : null,
      })),
    };
  }

  /** The timeline as CSV for spreadsheets: local times with the zone named, Chinese headings first; the export is audited. */
  async exportCsv(actor: Actor, req: ArchiveRequest): Promise<string> {
    const a = await this.read(actor, req);
    const local = (d: Date | null) => formatLocalTime(d, a.scope.timeZone);
    const rows: (string | number)[][] = [
      ['维护保养档案 Maintenance archive', neutraliseCell(a.scope.name)],
      ['期间 Period', `${a.period.from} – ${a.period.to} (${a.scope.timeZone})`],
      ['导出 Exported', local(this.clock.now())],
      ...(a.truncated ? [['未完整 Incomplete', `more than ${ARCHIVE_MAX_ENTRIES} entries: narrow the period or the kinds`]] : []),
      [],
      ['时间 Time', '结束 Until', '类别 Kind', '站点 Site', '设备 Device', '内容 Entry', 'Entry (en)', '代码 Code', '记录 Record'],
      ...a.entries.map((e) => [
        local(e.at),
        local(e.until),
        archiveKindLabel(e.kind),
        neutraliseCell(a.sites.get(e.siteId)?.name ?? e.siteId),
        neutraliseCell(e.deviceId ? `${a.devices.get(e.deviceId)?.name ?? ''} ${e.deviceId}`.trim() : ''),
        neutraliseCell(e.text.zh),
        neutraliseCell(e.text.en),
        e.code,
        e.ref ? `${e.ref.type}:${e.ref.id}` : '',
      ]),
    ];
    await this.recordExport(actor, a, 'csv');
    return '\uFEFF' + this.csv.write(rows, 'crlf');
  }

  /** Exports are reads worth tracing: who took which archive of what period, and how much of it. */
  async recordExport(actor: Actor, a: Archive, format: string): Promise<void> {
    await this.tx.run(() =>
      this.audit.record(actor, 'export', 'archive', `${a.scope.level}:${a.scope.id}`, null, {
        format,
        level: a.scope.level,
        id: a.scope.id,
        from: a.from.toISOString(),
        to: a.to.toISOString(),
        kinds: a.kinds,
        entries: a.entries.length,
        truncated: a.truncated,
      }),
    );
  }

  /** The whole archive of the request (at most ARCHIVE_MAX_ENTRIES entries), for listings and documents. */
  async read(actor: Actor, req: ArchiveRequest): Promise<Archive> {
    await this.access.require(actor, PERMISSION);
    const named = [req.deviceId && 'deviceId', req.siteId && 'siteId', req.contractId && 'contractId'].filter(Boolean);
    if (named.length !== 1) throw new InputError(named[1] || 'deviceId', 'give exactly one of deviceId, siteId and contractId');
    const { scope, contract } = req.deviceId
      ? await this.ofDevice(actor, req.deviceId)
      : req.siteId
        ? await this.ofSite(actor, req.siteId)
        : await this.ofContract(actor, req.contractId!);
    const known = this.registry.kinds();
    const unknown = (req.kinds ?? []).filter((k) => !known.includes(k));
    if (unknown.length) throw new InputError('kinds', `unknown kind ${unknown.join(', ')}; known: ${known.join(', ')}`);
    const kinds = req.kinds?.length ? [...req.kinds] : known;
    const now = this.clock.now();
    const fallback = lastMonths(now, scope.timeZone, DEFAULT_MONTHS);
    // no period: the last twelve months; only `to`: that month or day alone; only `from`: from then to now
    const period = { from: req.from ?? req.to ?? fallback.from, to: req.to ?? fallback.to };
    const range = localPeriod(period.from, period.to, scope.timeZone);
    if ('field' in range) throw new InputError(range.field, range.message);
    const query = { scope, from: range.from, to: range.to, end: now < range.to ? (now > range.from ? now : range.from) : range.to, limit: ARCHIVE_MAX_ENTRIES };
    const wanted = this.registry.all().filter((s) => s.kinds.some((k) => kinds.includes(k)));
    const parts = await Promise.all(wanted.map((s) => s.entries(query)));
    const entries = parts
      .flatMap((p) => p.entries)
      .filter((e) => kinds.includes(e.kind) && e.at < range.to)
      .sort(compareArchiveEntries);
    const truncated = parts.some((p) => p.truncated) || entries.length > ARCHIVE_MAX_ENTRIES;
    const siteList = (await this.sites.listAll()).filter((s) => scope.siteIds.includes(s.id));
    const deviceList = scope.deviceId ? await this.devices.findByIds([scope.deviceId]) : (await this.devices.list({ siteIds: scope.siteIds }, {})).items;
    const customer = contract ? await this.customers.findById(contract.customerId) : null;
    return {
      scope,
      contract,
      customerName: customer?.name ?? null,
      period,
      from: range.from,
      to: range.to,
      kinds,
      entries: entries.slice(0, ARCHIVE_MAX_ENTRIES),
      truncated,
      sites: new Map(siteList.map((s) => [s.id, s])),
      devices: new Map(deviceList.map((d) => [d.id, d])),
    };
  }

  private async contractOf(contractId: string | null): Promise<Contract | null> {
    return contractId ? this.contracts.findById(contractId) : null;
  }

  private async ofDevice(actor: Actor, id: string) {
    const device = await requireDevice(this.access, this.devices, actor, PERMISSION, id);
    const site = await this.sites.findById(device.siteId);
    if (!site) throw new NotFoundError('device', id);
    const contract = await this.contractOf(site.contractId);
    const scope = {
      level: 'device' as const,
      id,
      name: `${device.name ?? id} (${id})`,
      siteIds: [site.id],
      deviceId: id,
      contractId: site.contractId,
      timeZone: contract?.timeZone ?? site.timeZone,
    };
    return { scope, contract };
  }

  private async ofSite(actor: Actor, id: string) {
    await this.access.requireSite(actor, PERMISSION, id, 'site', id);
    const site = await this.sites.findById(id);
    if (!site) throw new NotFoundError('site', id);
    const visible = await this.access.siteFilter(actor, PERMISSION);
    // the site and the sites under it, as far as the reader may see them
    const all = await this.sites.listAll();
    const ids = new Set([id]);
    for (let grew = true; grew;) {
      grew = false;
      for (const s of all)
        if (s.parentId && ids.has(s.parentId) && !ids.has(s.id)) {
          ids.add(s.id);
          grew = true;
        }
    }
    const contract = await this.contractOf(site.contractId);
    const siteIds = [...ids].filter((s) => visible === null || visible.includes(s));
    return {
      scope: {
        level: 'site' as const,
        id,
        name: `${site.name} (${site.code})`,
        siteIds,
        deviceId: null,
        contractId: site.contractId,
        timeZone: contract?.timeZone ?? site.timeZone,
      },
      contract,
    };
  }

  private async ofContract(actor: Actor, id: string) {
    const contract = await this.contracts.findById(id);
    await this.access.requireCustomer(actor, PERMISSION, contract?.customerId ?? null, 'contract', id);
    if (!contract) throw new NotFoundError('contract', id);
    const visible = await this.access.siteFilter(actor, PERMISSION);
    const siteIds = (await this.sites.listAll()).filter((s) => s.contractId === id && (visible === null || visible.includes(s.id))).map((s) => s.id);
    return { scope: { level: 'contract' as const, id, name: contract.name, siteIds, deviceId: null, contractId: id, timeZone: contract.timeZone }, contract };
  }
}
