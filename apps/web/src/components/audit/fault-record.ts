import { localTime } from '@web/composables/local-time';
import { formatInline, recordRows, type FieldRow, type FormatContext } from './audit-format';
import type { FaultDetail, SlaStep } from './types';

const STEPS: SlaStep[] = ['respond', 'arrive', 'restore', 'repair'];
const TIMES = ['openedAt', 'acknowledgedAt', 'dispatchedAt', 'arrivedAt', 'restoredAt', 'repairedAt', 'closedAt', 'clearedAt'] as const;

export interface LabelledValue {
  label: string;
  value: string;
}

export interface HistoryRow {
  at: string;
  event: string;
  by: string;
  detail: FieldRow[];
}

export interface FaultRecordView {
  title: string;
  summary: LabelledValue[];
  times: LabelledValue[];
  pauses: LabelledValue[];
  sla: { step: string; due: string; completed: string; status: string }[];
  slaNote: string | null;
  history: HistoryRow[];
  notifications: { at: string; channel: string; recipient: string; status: string; message: string }[];
  affected: string[];
}

/**
 * A fault's record as a person reads it, in the site's zone (`x.zone`): what and where, when each step
 * happened, its SLA per step, the history with each line's detail as fields, the notifications sent.
 * Kinds, states and events in the reader's language; people and devices by name (from `x.names`).
 */
export function faultRecord(x: FormatContext, f: FaultDetail): FaultRecordView {
  const t = x.t;
  const inline = (field: string, v: unknown) => formatInline(x, 'fault', field, v);
  const when = (iso: string | null) => (iso ? localTime(iso, x.zone, { withZone: false }) : '—');
  const label = (field: string) => t(`audit.fields.${field}`);
  const summary: LabelledValue[] = [
    { label: label('kind'), value: inline('kind', f.kind) },
    { label: label('level'), value: inline('level', f.level) },
    { label: label('state'), value: inline('state', f.state) },
    { label: label('siteId'), value: inline('siteId', f.siteId) },
    ...(f.deviceId ? [{ label: label('deviceId'), value: `${inline('deviceId', f.deviceId)}${inline('deviceId', f.deviceId) === f.deviceId ? '' : ` (${f.deviceId})`}` }] : []),
    ...(f.subject ? [{ label: label('subject'), value: f.subject }] : []),
    { label: label('source'), value: inline('source', f.source) },
    ...(f.reporter ? [{ label: label('reporter'), value: f.reporter }] : []),
    ...(f.channel ? [{ label: label('channel'), value: inline('channel', f.channel) }] : []),
    ...(f.description ? [{ label: label('description'), value: f.description }] : []),
    ...(f.affectedCount ? [{ label: label('affectedCount'), value: String(f.affectedCount) }] : []),
    ...(f.parentFaultId ? [{ label: label('parentFaultId'), value: inline('parentFaultId', f.parentFaultId) }] : []),
    ...(f.plan ? [{ label: label('plan'), value: f.plan }] : []),
    { label: label('assigneeId'), value: f.assignee?.name ?? (f.assigneeId ? inline('assigneeId', f.assigneeId) : '—') },
    ...(f.resolution ? [{ label: label('resolution'), value: f.resolution }] : []),
  ];
  const kind = inline('kind', f.kind);
  const where = f.deviceId ? `${inline('deviceId', f.deviceId)} · ${inline('siteId', f.siteId)}` : inline('siteId', f.siteId);
  return {
    title: `${kind} · ${where}`,
    summary,
    times: TIMES.filter((k) => f[k]).map((k) => ({ label: label(k), value: when(f[k]) })),
    pauses: f.pauses.map((p) => ({ label: `${when(p.from)} – ${p.to ? when(p.to) : '…'}`, value: p.reason })),
    sla: f.sla
      ? STEPS.filter((s) => f.sla![s]).map((s) => {
          const o = f.sla![s];
          return {
            step: t(`audit.values.slaStep.${s}`),
            due: o.due ? when(o.due) : t('audit.record.noTarget'),
            completed: when(o.completedAt),
            status: o.status ? t(`audit.values.slaStatus.${o.status}`) : '—',
          };
        })
      : [],
    slaNote: f.sla?.calendarMissing.length ? t('audit.record.calendarNote', { years: f.sla.calendarMissing.join(', ') }) : null,
    history: f.history.map((h) => ({
      at: when(h.at),
      event: x.te(`audit.record.events.${h.type}`) ? t(`audit.record.events.${h.type}`) : inline('type', h.type),
      by: h.actor ? inline('by', h.actor) : t('enum.role.system'),
      detail: recordRows(x, 'fault', h.detail),
    })),
    notifications: f.notifications.map((n) => ({
      at: when(n.at),
      channel: inline('channel', n.channel),
      recipient: n.recipient === '*' ? t('app.all') : n.recipient,
      status: inline('status', n.status),
      message: [n.reason, n.detail].filter(Boolean).join(' — '),
    })),
    affected: f.affected.map((id) => inline('deviceId', id)),
  };
}
