import { Injectable } from '@nestjs/common';
import {
  analyseFeedback,
  callbackResults,
  FEEDBACK_CHANNELS,
  FEEDBACK_KINDS,
  formatLocalDate,
  formatLocalTime,
  localPeriod,
  satisfactionByQuestion,
  satisfactionBySite,
  surveyPeriodRange,
  type Actor,
  type ComplaintHandling,
  type SurveyQuestion,
  pageFooterZh,
} from '@vigil/domain';
import { InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import {
  CallbackRepository,
  ClockPort,
  ContractRepository,
  CustomerRepository,
  DeviceRepository,
  FeedbackRepository,
  PdfRenderer,
  SiteRepository,
  SurveyRepository,
} from '../ports';

export interface AnalysisRequest {
  contractId: string;
  /** A half year '2026H2' (or '2026-H2') in the contract's zone … */
  half?: string;
  /** … or a period of months or days, `to` included. */
  from?: string;
  to?: string;
}

const KIND_ZH: Record<string, string> = { complaint: '投诉', grumble: '抱怨', suggestion: '建议', opinion: '意见', praise: '表扬', 'maintenance-request': '报修' };
const CHANNEL_ZH: Record<string, string> = { phone: '电话', mail: '邮件', wecom: '企业微信', visit: '上门', survey: '调查' };
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10} %`);
const num = (x: number | null) => (x === null ? '—' : String(x));

/**
 * The half-yearly feedback analysis (at least one every half year, for management): feedback volumes and trends by
 * kind and channel, complaint handling against the dues, repeat issues per site, device and model, satisfaction by
 * question and site, callback results. The figures come from the feedback register's and the callbacks' own pure
 * functions (analyseFeedback, callbackResults, satisfactionByQuestion/BySite); this service reads what the reader may
 * see of one contract and hands it over.
 */
@Injectable()
export class FeedbackAnalysisService {
  constructor(
    private readonly contracts: ContractRepository,
    private readonly customers: CustomerRepository,
    private readonly sites: SiteRepository,
    private readonly devices: DeviceRepository,
    private readonly feedback: FeedbackRepository,
    private readonly callbacks: CallbackRepository,
    private readonly surveys: SurveyRepository,
    private readonly access: AccessPolicy,
    private readonly clock: ClockPort,
    private readonly pdfs: PdfRenderer,
  ) {}

  async figures(actor: Actor, req: AnalysisRequest) {
    await this.access.require(actor, 'report.read');
    const contract = await this.contracts.findById(req.contractId);
    await this.access.requireCustomer(actor, 'report.read', contract?.customerId ?? null, 'contract', req.contractId);
    if (!contract) throw new NotFoundError('contract', req.contractId);
    const zone = contract.timeZone;
    const { label, from, to } = this.periodOf(req, zone);
    const visible = await this.access.siteFilter(actor, 'report.read');
    const wholeCustomer = await this.access.customerFilter(actor, 'report.read');
    const sites = (await this.sites.listAll()).filter((s) => s.contractId === contract.id && (visible === null || visible.includes(s.id)));
    const siteIds = sites.map((s) => s.id);
    const siteName = new Map(sites.map((s) => [s.id, s.name]));
    const now = this.clock.now();

    // the contract's entries: those at its sites, and those of no site that name the contract (if the reader sees the whole customer)
    const found = await this.feedback.list({ customerId: contract.customerId, from, to }, {});
    const entries = found.items.filter((e) =>
      e.siteId ? siteIds.includes(e.siteId) : e.contractId === contract.id && (wholeCustomer === null || wholeCustomer.includes(contract.customerId)),
    );
    const deviceIds = [...new Set(entries.flatMap((e) => (e.deviceId ? [e.deviceId] : [])))];
    const devices = new Map((await this.devices.findByIds(deviceIds)).map((d) => [d.id, d]));
    const feedback = analyseFeedback({
      from,
      to,
      timeZone: zone,
      entries: entries.map((e) => ({
        kind: e.kind,
        channel: e.channel,
        receivedAt: e.receivedAt,
        siteId: e.siteId,
        deviceId: e.deviceId,
        deviceModel: e.deviceId ? (devices.get(e.deviceId)?.model ?? null) : null,
        level: e.level,
        dueAt: e.dueAt,
        resolvedAt: e.resolvedAt,
      })),
    });

    // callbacks due in the period, and their follow-ups whenever due
    const calls = siteIds.length ? (await this.callbacks.list({ siteIds, dueFrom: from }, {})).items : [];
    const callbacks = callbackResults(calls, { from, to }, now);

    const answered = siteIds.length ? (await this.surveys.list({ contractId: contract.id, siteIds, answeredFrom: from, answeredTo: to }, {})).items : [];
    const questions = new Map<string, SurveyQuestion['label']>();
    for (const s of answered) for (const q of s.questions) if (!questions.has(q.key)) questions.set(q.key, q.label);
    const labelOf = (key: string) => questions.get(key) ?? { zh: key, en: key };
    const customer = await this.customers.findById(contract.customerId);
    return {
      contract: { id: contract.id, name: contract.name, timeZone: zone },
      customer: customer ? { id: customer.id, name: customer.name } : null,
      period: { label, from: from.toISOString(), to: to.toISOString() },
      feedback: {
        total: feedback.total,
        byKind: feedback.byKind,
        byChannel: feedback.byChannel,
        months: feedback.months,
        complaints: feedback.complaints,
        repeats: {
          sites: feedback.repeats.sites.map((r) => ({ ...r, name: siteName.get(r.key) ?? null })),
          devices: feedback.repeats.devices.map((r) => ({ ...r, name: devices.get(r.key)?.name ?? null })),
          models: feedback.repeats.models,
        },
      },
      satisfaction: {
        surveys: answered.length,
        byQuestion: satisfactionByQuestion(answered, { from, to }).map((q) => ({ ...q, label: labelOf(q.key) })),
        bySite: satisfactionBySite(answered, { from, to }).map((s) => ({ ...s, siteName: siteName.get(s.siteId) ?? null })),
      },
      callbacks,
      generatedAt: now.toISOString(),
    };
  }

  /** The report for management as a PDF: the figures with bar charts, in Chinese with English beside it, pages numbered. */
  async pdf(actor: Actor, req: AnalysisRequest): Promise<Buffer> {
    const r = await this.figures(actor, req);
    const zone = r.contract.timeZone;
    const months = r.feedback.months.map((m) => m.month.slice(2));
    const handlingRow = (name: string, h: ComplaintHandling) => [
      name,
      String(h.total),
      String(h.onTime),
      String(h.late),
      String(h.unresolved),
      String(h.unresolvedOverdue),
      num(h.medianHours),
    ];
    const lastDay = formatLocalDate(new Date(new Date(r.period.to).getTime() - 1), zone);
    return this.pdfs.render(
      (pdf) => {
        pdf
          .title(`客户反馈半年度分析报告 Half-yearly feedback analysis — ${r.period.label}`)
          .field('合同 Contract', r.contract.name)
          .field('客户 Customer', r.customer?.name ?? '—')
          .field('期间 Period', `${formatLocalDate(r.period.from, zone)} – ${lastDay} (${zone})`)
          .field('生成 Generated', formatLocalTime(r.generatedAt, zone))
          .gap()
          .title('一、反馈数量与趋势 Volumes and trends')
          .field('反馈总数 Entries', String(r.feedback.total))
          .field('按类别 By kind', FEEDBACK_KINDS.map((k) => `${KIND_ZH[k]} ${k} ${r.feedback.byKind[k]}`).join(' · '))
          .field('按渠道 By channel', FEEDBACK_CHANNELS.map((c) => `${CHANNEL_ZH[c]} ${c} ${r.feedback.byChannel[c]}`).join(' · '))
          .bars({
            title: '每月反馈（按类别） Entries per month by kind',
            categories: months,
            series: FEEDBACK_KINDS.map((k) => ({ name: `${KIND_ZH[k]} ${k}`, values: r.feedback.months.map((m) => m.byKind[k]) })),
            unit: '件 entries',
          })
          .bars({
            title: '每月反馈（按渠道） Entries per month by channel',
            categories: months,
            series: FEEDBACK_CHANNELS.map((c) => ({ name: `${CHANNEL_ZH[c]} ${c}`, values: r.feedback.months.map((m) => m.byChannel[c]) })),
            unit: '件 entries',
          })
          .title('二、投诉处理时效 Complaint handling against the dues')
          .table({
            columns: [
              { title: '级别 Level', width: 95 },
              { title: '总数 Total', width: 60 },
              { title: '按时 On time', width: 65 },
              { title: '超时 Late', width: 60 },
              { title: '未解决 Open', width: 70 },
              { title: '逾期未解决 Overdue', width: 85 },
              { title: '中位时长 Median h', width: 80 },
            ],
            rows: [handlingRow('全部 All', r.feedback.complaints), ...(['1', '2', '3'] as const).map((l) => handlingRow(`${l} 级 Level ${l}`, r.feedback.complaints.byLevel[l]))],
          })
          .bars({
            title: '投诉处理（按级别） Complaints by level',
            categories: ['1', '2', '3'].map((l) => `${l} 级`),
            series: [
              { name: '按时 on time', values: (['1', '2', '3'] as const).map((l) => r.feedback.complaints.byLevel[l].onTime) },
              { name: '超时 late', values: (['1', '2', '3'] as const).map((l) => r.feedback.complaints.byLevel[l].late) },
              { name: '未解决 open', values: (['1', '2', '3'] as const).map((l) => r.feedback.complaints.byLevel[l].unresolved) },
            ],
            unit: '件 complaints',
          })
          .title('三、重复问题 Repeat issues (投诉、抱怨、报修 ≥ 2)');
        const repeatTable = (title: string, rows: { key: string; name?: string | null; count: number }[]) =>
          pdf.table({
            columns: [
              { title, width: 380 },
              { title: '次数 Count', width: 80 },
            ],
            rows: rows.length ? rows.map((x) => [x.name ? `${x.name} (${x.key})` : x.key, String(x.count)]) : [['无 none', '']],
          });
        repeatTable('站点 Site', r.feedback.repeats.sites);
        repeatTable('设备 Device', r.feedback.repeats.devices);
        repeatTable('型号 Model', r.feedback.repeats.models);
        pdf
          .title('四、满意度 Satisfaction')
          .field('已答问卷 Surveys answered', String(r.satisfaction.surveys))
          .table({
            columns: [
              { title: '问题 Question', width: 230 },
              { title: '平均分 Mean', width: 80 },
              { title: '答复 Answers', width: 80 },
              { title: '达标比例 Pass share', width: 100 },
            ],
            rows: r.satisfaction.byQuestion.map((q) => [`${q.label.zh} ${q.label.en}`, num(q.mean), String(q.count), pct(q.passShare)]),
          });
        if (r.satisfaction.byQuestion.length)
          pdf.bars({
            title: '各问题平均分 Mean score per question (0–10)',
            categories: r.satisfaction.byQuestion.map((q) => q.label.zh),
            series: [{ name: '平均分 mean', values: r.satisfaction.byQuestion.map((q) => q.mean ?? 0) }],
            unit: '分 score',
            max: 10,
          });
        pdf.table({
          columns: [
            { title: '站点 Site', width: 230 },
            { title: '平均分 Mean', width: 80 },
            { title: '答复 Answers', width: 80 },
            { title: '达标比例 Pass share', width: 100 },
          ],
          rows: r.satisfaction.bySite.map((s) => [s.siteName ?? s.siteId, num(s.mean), String(s.count), pct(s.passShare)]),
        });
        const c = r.callbacks;
        pdf
          .title('五、回访结果 Callback results')
          .field('应回访 Due', String(c.total))
          .field('按时完成 Done on time', String(c.doneOnTime))
          .field('逾时完成 Done late', String(c.doneLate))
          .field('漏访 Missed', String(c.missed))
          .field('未到期/进行中 Open', String(c.open))
          .field('联系上 Reached', `${c.reached} (${pct(c.reachedRate)})`)
          .field('平均分 Mean score', num(c.meanScore))
          .field('不满意 Under the pass mark', `${c.fails}，其中已跟进至满意 followed up until satisfied ${c.failsClosed}`)
          .bars({
            title: '回访 Callbacks',
            categories: ['按时 on time', '逾时 late', '漏访 missed', '进行中 open'],
            series: [{ name: '回访 callbacks', values: [c.doneOnTime, c.doneLate, c.missed, c.open] }],
            unit: '次 calls',
          });
      },
      { title: `Vigil feedback analysis ${r.period.label}`, pageNumbers: pageFooterZh },
    );
  }

  private periodOf(req: AnalysisRequest, zone: string): { label: string; from: Date; to: Date } {
    if (req.half) {
      const m = /^(\d{4})-?H([12])$/.exec(req.half);
      const range = m ? surveyPeriodRange(`${m[1]}-H${m[2]}`, zone) : null;
      if (!m || !range) throw new InputError('half', 'must be a half year written 2026H1 or 2026H2');
      return { label: `${m[1]}H${m[2]}`, ...range };
    }
    if (!req.from || !req.to) throw new InputError('half', 'give a half year (half=2026H2) or a period (from and to)');
    const range = localPeriod(req.from, req.to, zone);
    if ('field' in range) throw new InputError(range.field, range.message);
    return { label: `${req.from} – ${req.to}`, ...range };
  }
}
