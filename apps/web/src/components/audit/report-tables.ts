import { localTime } from '@web/composables/local-time';
import { yuan } from '@web/components/parts/parts-logic';
import type { Texts } from './audit-format';
import type { ServiceReport, SlaStep } from './types';

const STEPS: SlaStep[] = ['respond', 'arrive', 'restore', 'repair'];

/** A share as people read it: 0.9353 → "93.5 %"; none → "—". */
export function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${Math.round(x * 1000) / 10} %`;
}

export interface ReportTable {
  key: string;
  title: string;
  columns: string[];
  rows: string[][];
}

/**
 * The monthly service report as the tables the page draws (and a test reads): online rate by site and by
 * device type, fault figures, SLA per step, patrols, repeat faults, failing models. Codes are named, devices
 * by their names, the period in the contract's zone.
 */
export function serviceReportTables(x: Texts, r: ServiceReport): { heading: string; period: string; tables: ReportTable[] } {
  const t = x.t;
  const minutes = (n: number | null) => (n === null ? '—' : t('audit.report.minutes', { n }));
  const zone = r.contract.timeZone;
  const lastDay = localTime(new Date(new Date(r.to).getTime() - 1), zone, { dateOnly: true, withZone: false });
  const typeName = (key: string) => (x.te(`enum.deviceType.${key}`) ? t(`enum.deviceType.${key}`) : key);
  const kindName = (key: string) => (x.te(`enum.faultKind.${key}`) ? t(`enum.faultKind.${key}`) : key);
  const none = (rows: string[][], width: number) => (rows.length ? rows : [[t('audit.report.none'), ...Array(width - 1).fill('')]]);
  return {
    heading: t('audit.report.heading', { contract: r.contract.name, period: r.period }),
    period: t('audit.report.periodLine', { from: localTime(r.from, zone, { dateOnly: true, withZone: false }), to: lastDay, zone }),
    tables: [
      {
        key: 'faults',
        title: t('audit.report.faults'),
        columns: [t('audit.report.item'), t('audit.report.figure')],
        rows: [
          [t('audit.report.total'), String(r.faults.total)],
          ...(['1', '2', '3', '4'] as const).map((l) => [t(`enum.level.${l}`), String(r.faults.byLevel[l] ?? 0)]),
          [t('audit.report.handled'), String(r.faults.handled)],
          [t('audit.report.mtta'), minutes(r.faults.mttaMinutes)],
          [t('audit.report.mttr'), minutes(r.faults.mttrMinutes)],
          [
            t('audit.report.selfCleared'),
            r.faults.selfCleared.medianMinutes === null
              ? String(r.faults.selfCleared.count)
              : t('audit.report.selfClearedMedian', { n: r.faults.selfCleared.count, m: r.faults.selfCleared.medianMinutes }),
          ],
        ],
      },
      {
        key: 'sla',
        title: t('audit.report.sla'),
        columns: [t('audit.record.step'), t('audit.report.met'), t('audit.report.breached'), t('audit.report.compliance')],
        rows: STEPS.map((s) => [t(`audit.values.slaStep.${s}`), String(r.sla[s].met), String(r.sla[s].breached), percent(r.sla[s].compliance)]),
      },
      {
        key: 'online-site',
        title: `${t('audit.report.online')} · ${t('audit.report.bySite')}`,
        columns: [t('audit.report.site'), t('audit.report.rate'), t('audit.report.hours')],
        rows: none(
          r.online.bySite.map((s) => [s.siteName ?? s.key, percent(s.onlineRate), String(s.observedHours)]),
          3,
        ),
      },
      {
        key: 'online-type',
        title: `${t('audit.report.online')} · ${t('audit.report.byType')}`,
        columns: [t('audit.report.type'), t('audit.report.rate'), t('audit.report.hours')],
        rows: none(
          r.online.byDeviceType.map((s) => [typeName(s.key), percent(s.onlineRate), String(s.observedHours)]),
          3,
        ),
      },
      ...(r.video
        ? [
            {
              key: 'video',
              title: t('audit.report.video'),
              columns: [
                t('audit.report.site'),
                t('audit.report.completeness'),
                t('audit.report.retention'),
                t('audit.report.intact'),
                t('audit.report.rate'),
                t('audit.report.unknownDays'),
              ],
              rows: none(
                r.video.bySite.map((v) => [
                  `${v.siteName} (${v.timeZone})`,
                  percent(v.completeness),
                  percent(v.retentionCompliance),
                  percent(v.intactRate),
                  percent(v.onlineRate),
                  String(v.unknownChannelDays),
                ]),
                6,
              ),
            },
          ]
        : []),
      {
        key: 'patrols',
        title: t('audit.report.patrols'),
        columns: [t('audit.report.item'), t('audit.report.figure')],
        rows: [
          [t('audit.report.patrolTotal'), String(r.patrols.total)],
          [t('audit.report.onTime'), `${r.patrols.onTime} / ${r.patrols.settled}`],
          [t('audit.report.onTimeRate'), percent(r.patrols.onTimeRate)],
          [t('audit.report.late'), String(r.patrols.late)],
          [t('audit.report.overdue'), String(r.patrols.overdue)],
          [t('audit.report.notYetDue'), String(r.patrols.notYetDue)],
          [t('audit.report.signedCount'), String(r.patrols.signed)],
        ],
      },
      {
        key: 'repeats',
        title: t('audit.report.repeats'),
        columns: [t('audit.report.device'), t('audit.report.kind'), t('audit.report.count')],
        rows: none(
          r.repeatFaults.map((f) => [f.deviceName ? `${f.deviceName} (${f.deviceId})` : f.deviceId, kindName(f.kind), String(f.count)]),
          3,
        ),
      },
      {
        key: 'models',
        title: t('audit.report.models'),
        columns: [t('audit.report.model'), t('audit.report.count')],
        rows: none(
          r.failingModels.map((m) => [m.model, String(m.faults)]),
          2,
        ),
      },
      ...(r.parts ? partsTables(x, r.parts, zone, none) : []),
      {
        key: 'loaners',
        title: t('audit.report.loanerDays'),
        columns: [t('audit.report.site'), t('audit.report.loanerDaysCol'), t('audit.report.loans')],
        rows: none(
          (r.loanerDays ?? []).map((l) => [l.siteName, String(l.loanerDays), String(l.loans)]),
          3,
        ),
      },
      {
        key: 'rma',
        title: t('audit.report.rma'),
        columns: [t('audit.report.vendor'), t('audit.report.model'), t('audit.report.count'), t('audit.report.meanDays'), t('audit.report.maxDays')],
        rows: none(
          (r.rmaTurnaround ?? []).map((x) => [x.vendor, x.model ?? '—', String(x.count), String(x.meanDays), String(x.maxDays)]),
          5,
        ),
      },
    ],
  };
}

/** The spare parts of the month: consumed per part model with the month's cost and the stock's value, and repair breaches while a part was awaited. */
function partsTables(x: Texts, p: NonNullable<ServiceReport['parts']>, zone: string, none: (rows: string[][], width: number) => string[][]): ReportTable[] {
  const t = x.t;
  return [
    {
      key: 'parts-consumed',
      title: t('parts.report.consumed'),
      columns: [t('parts.part'), t('parts.sku'), t('parts.quantity'), t('parts.value')],
      rows: [
        ...none(
          p.consumed.map((c) => [c.name, c.sku, String(c.quantity), yuan(c.costCents)]),
          4,
        ),
        [t('parts.report.consumedTotal'), '', '', yuan(p.consumedCostCents)],
        [t('parts.report.stockValue'), '', '', yuan(p.stockValueCents)],
      ],
    },
    {
      key: 'parts-breached',
      title: t('parts.report.breached'),
      columns: [t('audit.report.site'), t('parts.part'), t('parts.report.repairDue')],
      rows: none(
        p.breachedWaitingForPart.map((b) => [`${b.siteName} · ${t(`enum.level.${b.level}`)}`, b.partName, localTime(b.repairDue, zone)]),
        3,
      ),
    },
  ];
}
