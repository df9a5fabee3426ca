import { Inject, Injectable } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { archiveKindLabel, formatLocalDate, formatLocalTime, pageFooterZh, type Actor, type ArchiveEntry } from '@vigil/domain';
import { ClockPort, PdfRenderer, type PdfWriter } from '../ports';
import { ARCHIVE_MAX_ENTRIES, ArchiveService, type Archive, type ArchiveRequest } from './archive.service';

/** The sections of a site in the handover document, in this order; kinds of later sources follow, each its own section. */
const SECTIONS: { title: string; kinds: string[] }[] = [
  { title: '设备历史 Device history', kinds: ['status', 'condition', 'firmware'] },
  { title: '故障与 SLA Faults and SLA', kinds: ['fault', 'repair'] },
  { title: '巡检 Patrols', kinds: ['patrol'] },
];

/** The archive as documents: the timeline as a PDF, and a contract's period as one handover PDF (移交档案). */
@Injectable()
export class ArchiveDocumentsService {
  constructor(
    private readonly archive: ArchiveService,
    private readonly pdfs: PdfRenderer,
    private readonly clock: ClockPort,
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
  ) {}

  /** The timeline of a device, site or contract, its local times in the contract's zone, pages numbered; audited. */
  async exportPdf(actor: Actor, req: ArchiveRequest): Promise<Buffer> {
    const a = await this.archive.read(actor, req);
    const pdf = await this.pdfs.render(
      (pdf) => {
        pdf.title(`维护保养档案 Maintenance archive — ${a.scope.name}`);
        this.heading(pdf, a);
        pdf.gap();
        this.timeline(pdf, a, a.entries, true);
      },
      { title: `Vigil archive ${a.scope.name}`, pageNumbers: pageFooterZh },
    );
    await this.archive.recordExport(actor, a, 'pdf');
    return pdf;
  }

  /**
   * A contract's period for handover: a cover (contract, customer, period, contractor), then per site its
   * devices and their history, the faults with their SLA outcomes, the patrols and every other kind of record.
   */
  async handoverPdf(actor: Actor, contractId: string, from?: string, to?: string): Promise<Buffer> {
    const a = await this.archive.read(actor, { contractId, from, to });
    const contractor = this.config.contractorName;
    const zone = a.scope.timeZone;
    const sections = [...SECTIONS, ...a.kinds.filter((k) => !SECTIONS.some((s) => s.kinds.includes(k))).map((k) => ({ title: archiveKindLabel(k), kinds: [k] }))];
    const bySite = new Map<string, ArchiveEntry[]>();
    for (const e of a.entries) bySite.set(e.siteId, [...(bySite.get(e.siteId) ?? []), e]);
    const pdf = await this.pdfs.render(
      (pdf) => {
        pdf.title('维护保养档案（移交） Maintenance archive for handover');
        pdf
          .field('合同 Contract', a.contract?.name ?? a.scope.name)
          .field('合同期 Contract term', a.contract ? `${a.contract.startsOn} – ${a.contract.endsOn}` : '—')
          .field('客户 Customer', a.customerName ?? '—')
          .field('维保单位 Contractor', contractor);
        this.heading(pdf, a);
        pdf.field('站点 Sites', String(a.sites.size)).field('设备 Devices', String(a.devices.size)).field('记录 Entries', String(a.entries.length));
        const sites = [...a.sites.values()].sort((x, y) => x.code.localeCompare(y.code));
        for (const site of sites) {
          const entries = bySite.get(site.id) ?? [];
          const devices = [...a.devices.values()].filter((d) => d.siteId === site.id).sort((x, y) => x.id.localeCompare(y.id));
          pdf.newPage().title(`站点 Site: ${site.name} (${site.code})`);
          pdf.field('地址 Address', site.address ?? '—').field('区域 Region', site.region);
          pdf.title('设备 Devices').table({
            columns: [
              { title: '编号 Id', width: 95 },
              { title: '名称 Name', width: 105 },
              { title: '类型 Type', width: 55 },
              { title: '型号 Model', width: 85 },
              { title: '序列号 Serial', width: 80 },
              { title: '固件 Firmware', width: 55 },
              { title: '安装 Installed', width: 40 },
            ],
            rows: devices.map((d) => [d.id, d.name ?? '', d.type, d.model ?? '', d.serial ?? '', d.firmware ?? '', d.installedAt ?? '']),
          });
          for (const section of sections) {
            const inSection = entries.filter((e) => section.kinds.includes(e.kind));
            pdf.title(section.title);
            if (inSection.length === 0) pdf.field('记录 Entries', '无 none');
            else this.timeline(pdf, a, inSection, false);
          }
        }
        if (sites.length === 0) pdf.gap().field('站点 Sites', '无 none');
        pdf.gap().field('生成 Generated', formatLocalTime(this.clock.now(), zone));
        pdf.field('移交签字 Handed over by', '________________    接收签字 Received by: ________________');
      },
      { title: `Vigil handover ${a.scope.name}`, pageNumbers: pageFooterZh },
    );
    await this.archive.recordExport(actor, a, 'handover-pdf');
    return pdf;
  }

  private heading(pdf: PdfWriter, a: Archive): void {
    const zone = a.scope.timeZone;
    const lastDay = formatLocalDate(new Date(a.to.getTime() - 1), zone);
    pdf
      .field('期间 Period', `${formatLocalDate(a.from, zone)} – ${lastDay} (${zone})`)
      .field('时区 Time zone', zone)
      .field('类别 Kinds', a.kinds.map(archiveKindLabel).join('、'))
      .field('导出 Exported', formatLocalTime(this.clock.now(), zone));
    if (a.truncated)
      pdf.field('未完整 Incomplete', `超过 ${ARCHIVE_MAX_ENTRIES} 条，请缩短期间或选择类别 · more than ${ARCHIVE_MAX_ENTRIES} entries: narrow the period or the kinds`);
  }

  private timeline(pdf: PdfWriter, a: Archive, entries: ArchiveEntry[], withSite: boolean): void {
    const zone = a.scope.timeZone;
    const local = (d: Date | null) => (d ? formatLocalTime(d, zone, 'offset') : '');
    const device = (id: string | null) => (id ? `${a.devices.get(id)?.name ?? ''} ${id}`.trim() : '');
    pdf.table({
      columns: [
        { title: `时间 Time (${zone})`, width: 80 },
        { title: '结束 Until', width: 80 },
        { title: '类别 Kind', width: 55 },
        ...(withSite ? [{ title: '站点 Site', width: 70 }] : []),
        { title: '设备 Device', width: withSite ? 70 : 100 },
        { title: '内容 Entry', width: withSite ? 160 : 200 },
      ],
      rows: entries.map((e) => [
        local(e.at),
        local(e.until),
        archiveKindLabel(e.kind),
        ...(withSite ? [a.sites.get(e.siteId)?.name ?? e.siteId] : []),
        device(e.deviceId),
        `${e.text.zh}\n${e.text.en}`,
      ]),
    });
  }
}
