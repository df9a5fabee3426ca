import { Injectable } from '@nestjs/common';
import { formatLocalDate, formatLocalTime, monthRange, summariseServiceMonth, type Actor, type ReportFault, type ServiceMonth } from '@vigil/domain';
import { InputError, NotFoundError } from '../errors';
import { FaultService } from '../faults/fault.service';
import { AccessPolicy } from '../identity/access-policy';
import { PartsReportService } from '../parts/parts-report.service';
import { LoanerReportService } from '../loaners/loaner-report.service';
import { PatrolService } from '../patrols/patrol.service';
import { VideoFiguresService } from '../video/video-figures.service';
import { ClockPort, ContractRepository, DeviceRepository, OnlineHistoryRepository, PdfRenderer, SiteRepository } from '../ports';

/** Cents as yuan for the printed report. */
const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`;
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10} %`);

/** The monthly service report of a contract, from the heartbeat history, the faults and the patrols. */
@Injectable()
export class ServiceReportService {
  constructor(
    private readonly contracts: ContractRepository,
    private readonly sites: SiteRepository,
    private readonly devices: DeviceRepository,
    private readonly faults: FaultService,
    private readonly patrols: PatrolService,
    private readonly online: OnlineHistoryRepository,
    private readonly clock: ClockPort,
    private readonly access: AccessPolicy,
    private readonly pdfs: PdfRenderer,
    private readonly parts: PartsReportService,
    private readonly loaners: LoanerReportService,
    private readonly video: VideoFiguresService,
  ) {}

  /** A contract whose customer the actor may read (404 otherwise, as for one that does not exist), over the sites of it in their scope. */
  async month(actor: Actor, contractId: string, period: string) {
    await this.access.require(actor, 'report.read');
    const contract = await this.contracts.findById(contractId);
    await this.access.requireCustomer(actor, 'report.read', contract?.customerId ?? null, 'contract', contractId);
    if (!contract) throw new NotFoundError('contract', contractId);
    const scope = await this.access.siteFilter(actor, 'report.read');
    const range = monthRange(period, contract.timeZone);
    if (!range) throw new InputError('period', 'must be a month written YYYY-MM');
    const sites = (await this.sites.listAll()).filter((s) => s.contractId === contract.id && (scope === null || scope.includes(s.id)));
    const siteIds = sites.map((s) => s.id);
    const hour = (d: Date) => d.toISOString().slice(0, 13);
    const [faultPage, patrolPage, bySite, byType, loaners, video] = await Promise.all([
      this.faults.listWithin({ contractId: contract.id, siteIds, from: range.from, to: range.to }, {}),
      this.patrols.listWithin({ contractId: contract.id, siteIds, period }, {}, contract.timeZone),
      this.online.breakdown(hour(range.from), hour(range.to), 'site', siteIds),
      this.online.breakdown(hour(range.from), hour(range.to), 'type', siteIds),
      this.loaners.within(contract, range, siteIds),
      this.video.forReport(contract, sites, period),
    ]);
    const own = faultPage.items.filter((f) => f.parentFaultId === null);
    const devices = new Map((await this.devices.findByIds([...new Set(own.flatMap((f) => (f.deviceId ? [f.deviceId] : [])))])).map((d) => [d.id, d]));
    const faults: ReportFault[] = own.map((f) => ({
      id: f.id,
      deviceId: f.deviceId,
      deviceModel: f.deviceId ? (devices.get(f.deviceId)?.model ?? null) : null,
      kind: f.kind,
      level: f.level,
      openedAt: f.openedAt,
      acknowledgedAt: f.acknowledgedAt,
      restoredAt: f.restoredAt,
      closedAt: f.closedAt,
      clearedAt: f.clearedAt,
      sla: f.sla ? { respond: f.sla.respond.status, arrive: f.sla.arrive.status, restore: f.sla.restore.status, repair: f.sla.repair.status } : null,
    }));
    const siteName = new Map(sites.map((s) => [s.id, s.name]));
    const { consumed, consumedCostCents, stock, stockValueCents, breachedWaitingForPart } = await this.parts.report(actor, contract.id, period);
    const report = summariseServiceMonth({
      now: this.clock.now(),
      faults,
      patrols: patrolPage.items.map((p) => ({ kind: p.kind, dueAt: p.dueAt, submittedAt: p.submittedAt, signed: p.signoff !== null })),
      onlineBySite: bySite,
      onlineByType: byType,
    });
    return {
      contract: { id: contract.id, name: contract.name, timeZone: contract.timeZone },
      period,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      ...report,
      online: { ...report.online, bySite: report.online.bySite.map((s) => ({ ...s, siteName: siteName.get(s.key) ?? s.key })) },
      // a device by its name for people, its id beside it for the record
      repeatFaults: report.repeatFaults.map((r) => ({ ...r, deviceName: devices.get(r.deviceId)?.name ?? null })),
      // spare parts: consumed on the contract's faults this month, the stock's value now, repair breaches while waiting for a part
      parts: {
        consumed,
        consumedCostCents,
        stock,
        stockValueCents,
        breachedWaitingForPart: breachedWaitingForPart.map((b) => ({ ...b, siteName: siteName.get(b.siteId) ?? b.siteId })),
      },
      loanerDays: loaners.loanerDays,
      rmaTurnaround: loaners.rmaTurnaround,
      // [14] recorded, kept, usable: per site over its own local month; null is "not known", never 0
      video: {
        completeness: video.completeness,
        retentionCompliance: video.retentionCompliance,
        intactRate: video.intactRate,
        onlineRate: video.onlineRate,
        reportedChannelDays: video.reportedChannelDays,
        unknownChannelDays: video.unknownChannelDays,
        bySite: video.sites.map((s) => ({
          siteId: s.siteId,
          siteName: s.siteName,
          timeZone: s.timeZone,
          completeness: s.completeness,
          retentionCompliance: s.retentionCompliance,
          intactRate: s.intactRate,
          onlineRate: s.onlineRate,
          reportedChannelDays: s.reportedChannelDays,
          unknownChannelDays: s.unknownChannelDays,
        })),
      },
    };
  }

  async monthPdf(actor: Actor, contractId: string, period: string): Promise<Buffer> {
    const r = await this.month(actor, contractId, period);
    // the month's last local day: `to` is the first instant of the next month
    const lastDay = formatLocalDate(new Date(new Date(r.to).getTime() - 1), r.contract.timeZone);
    return this.pdfs.render(
      (pdf) =>
        pdf
          .title(`月度运维报告 Monthly service report — ${period}`)
          .field('合同 Contract', `${r.contract.name} (${r.contract.timeZone})`)
          .field('期间 Period', `${formatLocalDate(r.from, r.contract.timeZone)} – ${lastDay} (${r.contract.timeZone})`)
          .field('生成 Generated', formatLocalTime(this.clock.now(), r.contract.timeZone))
          .gap()
          .title('在线率 Online rate')
          .table({
            columns: [
              { title: '站点 Site', width: 300 },
              { title: '在线率 Online', width: 100 },
              { title: '观测小时 Hours observed', width: 110 },
            ],
            rows: r.online.bySite.map((s) => [s.siteName, pct(s.onlineRate), String(s.observedHours)]),
          })
          .table({
            columns: [
              { title: '设备类型 Device type', width: 300 },
              { title: '在线率 Online', width: 100 },
              { title: '观测小时 Hours observed', width: 110 },
            ],
            rows: r.online.byDeviceType.map((s) => [s.key, pct(s.onlineRate), String(s.observedHours)]),
          })
          .title('录像与图像 Video: recorded, kept, usable')
          .field('说明 Note', `${period} 各站点本地月 · each site's own local month; — 未知 not known (nothing reported), never 0`)
          .table({
            columns: [
              { title: '站点 Site (时区 zone)', width: 170 },
              { title: '录像完整率 Recorded', width: 75 },
              { title: '保存达标 Retention', width: 75 },
              { title: '完好率 Intact', width: 65 },
              { title: '在线率 Online', width: 65 },
              { title: '未知通道日 Unknown ch-days', width: 70 },
            ],
            rows: r.video.bySite.map((s) => [
              `${s.siteName} (${s.timeZone})`,
              pct(s.completeness),
              pct(s.retentionCompliance),
              pct(s.intactRate),
              pct(s.onlineRate),
              String(s.unknownChannelDays),
            ]),
          })
          .title('故障 Faults')
          .field('总数 Total', String(r.faults.total))
          .field('按级别 By level', `一级 L1 ${r.faults.byLevel[1]} · 二级 L2 ${r.faults.byLevel[2]} · 三级 L3 ${r.faults.byLevel[3]} · 四级 L4 ${r.faults.byLevel[4]}`)
          .field('人工处理 Handled by people', String(r.faults.handled))
          .field('平均响应 MTTA', r.faults.mttaMinutes === null ? '—' : `${r.faults.mttaMinutes} min`)
          .field('平均修复 MTTR', r.faults.mttrMinutes === null ? '—' : `${r.faults.mttrMinutes} min`)
          .field(
            '自行恢复 Cleared by themselves',
            `${r.faults.selfCleared.count}${r.faults.selfCleared.medianMinutes === null ? '' : ` (中位时长 median ${r.faults.selfCleared.medianMinutes} min)`}`,
          )
          .field('说明 Note', 'MTTA/MTTR 仅计人工处理的故障 · over faults people handled; self-cleared faults counted apart')
          .gap()
          .table({
            columns: [
              { title: 'SLA 环节 Step', width: 150 },
              { title: '达标 Met', width: 90 },
              { title: '超时 Breached', width: 90 },
              { title: '达标率 Compliance', width: 120 },
            ],
            rows: (['respond', 'arrive', 'restore', 'repair'] as const).map((s) => [s, String(r.sla[s].met), String(r.sla[s].breached), pct(r.sla[s].compliance)]),
          })
          .title('巡检 Patrols')
          .field('按时完成 On time', `${r.patrols.onTime} / ${r.patrols.settled} (${pct(r.patrols.onTimeRate)})`)
          .field('逾期完成 Late', String(r.patrols.late))
          .field('逾期未完成 Overdue', String(r.patrols.overdue))
          .field('未到期 Not yet due', String(r.patrols.notYetDue))
          .field('客户签字 Signed', String(r.patrols.signed))
          .gap()
          .title('重复故障 Repeat faults')
          .table({
            columns: [
              { title: '设备 Device', width: 200 },
              { title: '类型 Kind', width: 150 },
              { title: '次数 Count', width: 80 },
            ],
            rows: r.repeatFaults.map((x) => [x.deviceName ? `${x.deviceName} (${x.deviceId})` : x.deviceId, x.kind, String(x.count)]),
          })
          .title('故障最多的型号 Models failing most')
          .table({
            columns: [
              { title: '型号 Model', width: 300 },
              { title: '故障 Faults', width: 80 },
            ],
            rows: r.failingModels.map((m) => [m.model, String(m.faults)]),
          })
          .title('备件 Spare parts')
          .field('本月消耗 Consumed', yuan(r.parts.consumedCostCents))
          .field('库存金额 Stock value (now)', yuan(r.parts.stockValueCents))
          .table({
            columns: [
              { title: '备件 Part', width: 260 },
              { title: '编码 SKU', width: 110 },
              { title: '数量 Qty', width: 60 },
              { title: '金额 Cost', width: 90 },
            ],
            rows: r.parts.consumed.map((c) => [c.name, c.sku, String(c.quantity), yuan(c.costCents)]),
          })
          .table({
            columns: [
              { title: '等待备件超时 Repair breached waiting for a part', width: 200 },
              { title: '备件 Part', width: 160 },
              { title: '修复时限 Repair due', width: 160 },
            ],
            rows: r.parts.breachedWaitingForPart.map((b) => [`${b.siteName} · L${b.level}`, b.partName, formatLocalTime(b.repairDue, r.contract.timeZone)]),
          })
          .title('备机使用 Loaner-days')
          .table({
            columns: [
              { title: '站点 Site', width: 300 },
              { title: '备机天数 Loaner-days', width: 110 },
              { title: '借用次数 Loans', width: 80 },
            ],
            rows: r.loanerDays.map((l) => [l.siteName, String(l.loanerDays), String(l.loans)]),
          })
          .title('返修周期 RMA turnaround')
          .table({
            columns: [
              { title: '厂商 Vendor', width: 150 },
              { title: '型号 Model', width: 150 },
              { title: '件数 Count', width: 60 },
              { title: '平均天数 Mean days', width: 80 },
              { title: '最长天数 Max days', width: 80 },
            ],
            rows: r.rmaTurnaround.map((x) => [x.vendor, x.model ?? '—', String(x.count), String(x.meanDays), String(x.maxDays)]),
          }),
      { title: `Vigil service report ${period}` },
    );
  }
}

export type ServiceMonthReport = Awaited<ReturnType<ServiceReportService['month']>> & ServiceMonth;
