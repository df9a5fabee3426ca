import { Injectable } from '@nestjs/common';
import { DEFAULT_TIME_ZONE, formatLocalTime, neutraliseCell, type Actor } from '@vigil/domain';
import { InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ContractRepository, CsvWriter, PdfRenderer, SiteRepository } from '../ports';
import { PatrolService } from './patrol.service';

/** Patrol records as spreadsheets: one patrol line by line, and a month of patrols per contract. */
@Injectable()
export class PatrolReportService {
  constructor(
    private readonly patrols: PatrolService,
    private readonly sites: SiteRepository,
    private readonly contracts: ContractRepository,
    private readonly access: AccessPolicy,
    private readonly pdfs: PdfRenderer,
    private readonly csv: CsvWriter,
  ) {}

  async patrolCsv(actor: Actor, id: string): Promise<string> {
    const p = await this.patrols.get(actor, id);
    const site = await this.sites.findById(p.siteId);
    // one cell a spreadsheet sorts and a reader converts back: local time with its offset
    const local = (d: Date | null | undefined) => formatLocalTime(d, site?.timeZone, 'offset');
    const rows: (string | number)[][] = [
      ['巡检记录 Patrol record', p.id],
      ['站点 Site', site ? neutraliseCell(`${site.name} (${site.code})`) : p.siteId],
      ['类型 Kind', p.kind],
      ['周期 Period', p.period],
      ['时区 Time zone', site?.timeZone ?? DEFAULT_TIME_ZONE],
      ['应完成 Due', local(p.dueAt)],
      ['状态 State', p.state],
      ['提交 Submitted', local(p.submittedAt)],
      ['客户签字 Signed by', p.signoff ? neutraliseCell(`${p.signoff.signerName}, ${p.signoff.signerTitle}, ${local(p.signoff.signedAt)}`) : ''],
      [],
      ['line', 'subsystem', '检查项', 'item', 'device', 'outcome', 'value', 'note', 'recorded by', 'recorded at', 'live evidence', 'evidence seen at', 'photos'],
      ...p.lines.map((l) => [
        l.lineKey,
        neutraliseCell(l.item.subsystem),
        neutraliseCell(l.item.label.zh),
        neutraliseCell(l.item.label.en),
        l.deviceId ?? '',
        l.result?.outcome ?? '',
        typeof l.result?.value === 'string' ? neutraliseCell(l.result.value) : (l.result?.value ?? ''),
        neutraliseCell(l.result?.note),
        neutraliseCell(l.result?.recordedBy),
        local(l.result?.recordedAt),
        l.evidence ? `${l.evidence.ok === null ? 'unknown' : l.evidence.ok ? 'ok' : 'not ok'}: ${l.evidence.detail}` : '',
        local(l.evidence?.lastSeenAt),
        l.result?.photoIds.length ?? 0,
      ]),
      ...(p.corrections.length > 0
        ? [[], ['更正 Corrections'], ...p.corrections.map((c) => [c.lineKey, c.outcome, neutraliseCell(c.value), neutraliseCell(c.note), neutraliseCell(c.by), local(c.at)])]
        : []),
    ];
    return '\uFEFF' + this.csv.write(rows, 'crlf');
  }

  /** The record to print and sign: every line in Chinese and English with its result and evidence, and the signatures. */
  async patrolPdf(actor: Actor, id: string): Promise<Buffer> {
    const p = await this.patrols.get(actor, id);
    const site = await this.sites.findById(p.siteId);
    const outcome = { pass: '合格 pass', fail: '不合格 fail', 'n/a': '不适用 n/a' } as const;
    const local = (d: Date | null | undefined) => formatLocalTime(d, site?.timeZone) || '—';
    return this.pdfs.render((pdf) => {
      pdf
        .title(`巡检记录 Patrol record — ${p.kind} ${p.period}`)
        .field('站点 Site', site ? `${site.name} (${site.code})` : p.siteId)
        .field('应完成 Due', local(p.dueAt))
        .field('状态 State', p.state + (p.generatedLate ? ' (generated late)' : ''))
        .field('提交 Submitted', local(p.submittedAt))
        .gap()
        .table({
          columns: [
            { title: '检查项 Item', width: 190 },
            { title: '设备 Device', width: 80 },
            { title: '结果 Result', width: 60 },
            { title: '值/备注 Value/note', width: 95 },
            { title: '实时证据 Live evidence', width: 90 },
          ],
          rows: p.lines.map((l) => [
            `${l.item.label.zh} / ${l.item.label.en}`,
            l.deviceId ?? '',
            l.result ? outcome[l.result.outcome] : '—',
            [l.result?.value, l.result?.note].filter((v) => v !== null && v !== undefined && v !== '').join(' · '),
            // heartbeat evidence, then what the stored video evidence said ([14]: retention days, VQD)
            [l.evidence, l.videoEvidence].flatMap((e) => (e ? [`${e.ok === null ? '?' : e.ok ? '✓' : '✗'} ${e.detail}`] : [])).join(' · '),
          ]),
        });
      if (p.corrections.length > 0) {
        pdf.title('更正 Corrections').table({
          columns: [
            { title: 'line', width: 150 },
            { title: 'result', width: 60 },
            { title: 'note', width: 200 },
            { title: 'by / at', width: 105 },
          ],
          rows: p.corrections.map((c) => [c.lineKey, c.outcome, c.note, `${c.by} ${local(c.at)}`]),
        });
      }
      if (p.signoff) {
        pdf
          .field('客户签字 Signed by', `${p.signoff.signerName}, ${p.signoff.signerTitle}, ${local(p.signoff.signedAt)}`)
          .image('签名 Signature', p.signoff.signature)
          .image('盖章 Stamp', p.signoff.stamp);
      } else {
        pdf.field('客户签字 Customer signature', '________________    盖章 Stamp: ________________');
      }
    });
  }

  /** A month of patrols as PDF, of one contract or of all: each with its timing, times in the contract's zone. */
  async monthPdf(actor: Actor, month: string, contractId?: string, siteId?: string): Promise<Buffer> {
    const { rows: csvRows, heading } = await this.monthRows(actor, month, contractId, siteId);
    return this.pdfs.render((pdf) => {
      pdf
        .title(`月度巡检汇总 Monthly patrol summary — ${month}`)
        .field('合同 Contract', heading)
        .table({
          columns: [
            { title: '站点 Site', width: 115 },
            { title: '类型 Kind', width: 75 },
            { title: '周期 Period', width: 55 },
            { title: '应完成 Due', width: 85 },
            { title: '状态 State', width: 55 },
            { title: '签字 Signed', width: 70 },
            { title: '时效 Timing', width: 60 },
          ],
          rows: csvRows.map((r) => [r.site, r.kind, r.period, r.due, r.state, r.signed, r.timing]),
        });
    });
  }

  /**
   * The patrols of the actor's scope; a contract or site named must exist and be in scope (404 otherwise,
   * the same answer for both, so nothing outside the scope shows through).
   */
  private async monthRows(actor: Actor, month: string, contractId?: string, siteId?: string) {
    const siteIds = await this.access.siteFilter(actor, 'patrol.read');
    if (!/^\d{4}-\d{2}$/.test(month)) throw new InputError('period', 'must be a month written YYYY-MM');
    const contract = contractId ? await this.contracts.findById(contractId) : null;
    if (contractId) await this.access.requireCustomer(actor, 'patrol.read', contract?.customerId ?? null, 'contract', contractId);
    if (contractId && !contract) throw new NotFoundError('contract', contractId);
    if (siteId) await this.access.requireSite(actor, 'patrol.read', siteId, 'site', siteId);
    if (siteId && !(await this.sites.findById(siteId))) throw new NotFoundError('site', siteId);
    const zone = contract?.timeZone ?? DEFAULT_TIME_ZONE;
    const local = (d: Date | null) => formatLocalTime(d, zone, 'offset');
    const { items } = await this.patrols.listWithin({ period: month, contractId, siteId, siteIds }, {}, zone);
    const siteName = new Map((await this.sites.listAll()).map((s) => [s.id, `${s.name} (${s.code})`]));
    const heading = contract ? `${contract.name} (${zone})` : `全部合同 all contracts (${zone})`;
    return {
      heading,
      rows: items.map((p) => ({
        id: p.id,
        site: siteName.get(p.siteId) ?? p.siteId,
        kind: p.kind,
        period: p.period,
        due: local(p.dueAt),
        state: p.state,
        submitted: local(p.submittedAt),
        signed: p.signoff ? `${p.signoff.signerName} (${p.signoff.signerTitle})` : '',
        timing: p.submittedAt ? (p.submittedAt <= p.dueAt ? 'on time' : 'late') : p.missed ? 'missed' : p.overdue ? 'overdue' : 'open',
        late: p.generatedLate ? 'yes' : 'no',
      })),
    };
  }

  /** Every patrol of a month (YYYY-MM), of one contract or of all, with its timing: done on time, late, overdue or missed. */
  async monthCsv(actor: Actor, month: string, contractId?: string, siteId?: string): Promise<string> {
    const { rows: found, heading } = await this.monthRows(actor, month, contractId, siteId);
    const rows = [
      ['contract', neutraliseCell(heading)],
      ['patrol', 'site', 'kind', 'period', 'due', 'state', 'submitted', 'signed by', 'timing', 'generated late'],
      ...found.map((r) => [r.id, neutraliseCell(r.site), r.kind, r.period, r.due, r.state, r.submitted, neutraliseCell(r.signed), r.timing, r.late]),
    ];
    return '\uFEFF' + this.csv.write(rows, 'crlf');
  }
}
