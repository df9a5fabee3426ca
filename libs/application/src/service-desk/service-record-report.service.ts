import { Inject, Injectable } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import {
  DEFAULT_TIME_ZONE,
  formatLocalTime,
  LINK_CHANNEL_ZH,
  neutraliseCell,
  pageFooterZh,
  SERVICE_RECORD_KIND_ZH,
  SIGNING_CHANNEL_ZH,
  type Actor,
  type IntegrityFlag,
  type ServiceRecordState,
} from '@vigil/domain';
import { ContractRepository, CsvWriter, CustomerRepository, PdfRenderer, SiteRepository } from '../ports';
import { ServiceRecordService, type ServiceRecordListFilter, type ServiceRecordView } from './service-record.service';

const STATE_ZH: Record<ServiceRecordState, string> = { draft: '草稿', 'awaiting-signature': '待客户签字', signed: '已签字' };
const FLAG_ZH: Record<IntegrityFlag, string> = {
  'signature-copied': '签名图像与其他记录相同',
  'signer-is-staff': '签字人姓名与系统用户相同',
  'device-signed-with-contact': '客户有联系方式却在工程师设备上签字',
};
/** The most rows one export holds; a filter narrows a bigger one. */
const EXPORT_LIMIT = 10_000;

/** The customer's copy (客户联) of a service record as PDF, and service records as CSV. */
@Injectable()
export class ServiceRecordReportService {
  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly records: ServiceRecordService,
    private readonly sites: SiteRepository,
    private readonly contracts: ContractRepository,
    private readonly customers: CustomerRepository,
    private readonly pdfs: PdfRenderer,
    private readonly csv: CsvWriter,
  ) {}

  /** In Chinese: contract, parties, job, work, parts, times in the contract's zone (named), the signature and stamp and how they were given. */
  async customerCopy(actor: Actor, id: string): Promise<Buffer> {
    const r = await this.records.get(actor, id);
    const [site, contract, customer] = await Promise.all([
      this.sites.findById(r.siteId),
      r.contractId ? this.contracts.findById(r.contractId) : null,
      r.customerId ? this.customers.findById(r.customerId) : null,
    ]);
    const zone = contract?.timeZone ?? site?.timeZone ?? DEFAULT_TIME_ZONE;
    const local = (d: Date | null | undefined) => formatLocalTime(d, zone) || '—';
    const contact = [customer?.contactName, customer?.contactMobile].filter(Boolean).join(' ');
    return this.pdfs.render(
      (pdf) => {
        pdf
          .title('客户服务记录表（客户联）')
          .field('记录编号', r.id)
          .field('合同', contract ? `${contract.name}（${contract.startsOn} 至 ${contract.endsOn}）` : '—')
          .field('客户（甲方）', customer ? `${customer.name}${contact ? `，联系人 ${contact}` : ''}` : '—')
          .field('维保单位（乙方）', this.config.contractorName)
          .field('维保工程师', r.engineerName ?? '—')
          .field('站点', site ? `${site.name}（${site.code}）${site.address ? `，${site.address}` : ''}` : r.siteId)
          .field('服务类型', `${SERVICE_RECORD_KIND_ZH[r.kind]}${r.jobId ? `（工单 ${r.jobId}）` : ''}`)
          .field('时区', zone)
          .field('到场时间', local(r.onSiteAt))
          .field('离场时间', local(r.offSiteAt))
          .gap()
          .field('工作内容', r.workDone || '—')
          .field('使用备件', r.partsUsed || '无')
          .field('现场照片', `${r.photos.length} 张`)
          .field('状态', STATE_ZH[r.state])
          .gap();
        if (r.signoff) {
          const how = SIGNING_CHANNEL_ZH[r.signoff.channel] + (r.signoff.linkChannel ? `（经${LINK_CHANNEL_ZH[r.signoff.linkChannel]}发送至客户联系人）` : '');
          pdf
            .field('签字方式', how)
            .field('客户签字人', `${r.signoff.signerName}${r.signoff.signerTitle ? `，${r.signoff.signerTitle}` : ''}`)
            .field('签字时间', local(r.signoff.signedAt))
            .image('客户签名', r.signoff.signature)
            .image('客户盖章', r.signoff.stamp);
          if (r.integrity.flags.length > 0) pdf.field('复核提示', r.integrity.flags.map((f) => FLAG_ZH[f]).join('；'));
        } else {
          pdf.field('客户签字', '________________    盖章：________________    日期：____________');
        }
        if (r.corrections.length > 0) {
          pdf
            .gap()
            .title('更正记录')
            .table({
              columns: [
                { title: '项目', width: 70 },
                { title: '更正为', width: 170 },
                { title: '说明', width: 150 },
                { title: '更正人 / 时间', width: 125 },
              ],
              rows: r.corrections.map((c) => [c.field, c.value, c.note, `${c.by} ${local(c.at)}`]),
            });
        }
      },
      { title: `客户服务记录表 ${r.id}`, pageNumbers: pageFooterZh },
    );
  }

  /** Records of the actor's scope matching the filter, times in each record's contract zone with its offset. */
  async exportCsv(actor: Actor, filter: ServiceRecordListFilter): Promise<string> {
    const { items } = await this.records.list(actor, filter, { limit: EXPORT_LIMIT, offset: 0 });
    const [sites, contracts, customers] = await Promise.all([this.sites.listAll(), this.contracts.list(), this.customers.list()]);
    const siteOf = new Map(sites.map((s) => [s.id, s]));
    const contractOf = new Map(contracts.map((c) => [c.id, c]));
    const customerOf = new Map(customers.map((c) => [c.id, c]));
    const row = (r: ServiceRecordView) => {
      const contract = r.contractId ? contractOf.get(r.contractId) : undefined;
      const zone = contract?.timeZone ?? siteOf.get(r.siteId)?.timeZone ?? DEFAULT_TIME_ZONE;
      const local = (d: Date | null | undefined) => formatLocalTime(d, zone, 'offset');
      const site = siteOf.get(r.siteId);
      return [
        r.id,
        r.kind,
        r.jobId ?? '',
        neutraliseCell(r.customerId ? (customerOf.get(r.customerId)?.name ?? r.customerId) : ''),
        neutraliseCell(contract?.name ?? ''),
        neutraliseCell(site ? `${site.name} (${site.code})` : r.siteId),
        neutraliseCell(r.engineerName),
        zone,
        local(r.onSiteAt),
        local(r.offSiteAt),
        r.state,
        neutraliseCell(r.signoff?.signerName),
        local(r.signoff?.signedAt),
        r.integrity.channel ?? '',
        r.integrity.linkChannel ?? '',
        r.integrity.flags.join(' '),
        neutraliseCell(r.workDone),
        neutraliseCell(r.partsUsed),
      ];
    };
    const rows = [
      [
        'record',
        'kind',
        'job',
        'customer',
        'contract',
        'site',
        'engineer',
        'time zone',
        'on site',
        'off site',
        'state',
        'signed by',
        'signed at',
        'channel',
        'link channel',
        'flags',
        'work done',
        'parts used',
      ],
      ...items.map(row),
    ];
    return '\uFEFF' + this.csv.write(rows, 'crlf');
  }
}
