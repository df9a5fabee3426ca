import { useI18n } from 'vue-i18n';
import { localTime } from '@web/composables/local-time';
import { useFaults } from '@web/stores/faults';
import { ageParts, clockText, countdown } from './sla';
import type { FaultRow, HistoryEntryJson } from './types';

/** How the console names a fault and its parts in the reader's language: never a raw code. */
export function useFaultText() {
  const { t, te, locale } = useI18n();
  const faults = useFaults();

  const site = (siteId: string) => faults.sites.get(siteId);
  const siteName = (siteId: string) => site(siteId)?.name ?? siteId;
  const zoneOf = (siteId: string) => site(siteId)?.timeZone ?? null;
  const kindName = (row: Pick<FaultRow, 'kind'>) => t(`enum.faultKind.${row.kind}`);
  const levelName = (level: number) => t(`enum.level.${level}`);
  const stateName = (state: string) => t(`enum.faultState.${state}`);
  const when = (iso: string | null | undefined, siteId: string) => localTime(iso, zoneOf(siteId));

  function age(ms: number): string {
    const { d, h, m } = ageParts(ms);
    return d > 0 ? t('operator.age.d', { d, h }) : h > 0 ? t('operator.age.h', { h, m }) : t('operator.age.m', { m });
  }

  function clock(row: Pick<FaultRow, 'sla'>, now: number): { text: string; tone: string } {
    const c = countdown(row.sla, now);
    if (c.tone === 'none' || !c.step) return { text: '—', tone: 'none' };
    const step = t(`operator.sla.${c.step}`);
    if (c.tone === 'paused') return { text: `${step} ${t('operator.sla.paused')}`, tone: 'paused' };
    const span = clockText(c.leftMs!);
    return { text: c.tone === 'breach' ? `${step} ${t('operator.sla.late', { t: span })}` : `${step} ${t('operator.sla.left', { t: span })}`, tone: c.tone };
  }

  /** One line of a fault's history as a person reads it. */
  function historyText(entry: HistoryEntryJson, names: Map<string, string>): string {
    const d = entry.detail ?? {};
    const parts: string[] = [];
    const say = (key: string, v: unknown) => v !== undefined && v !== null && v !== '' && parts.push(t(`operator.historyDetail.${key}`, { v: String(v) }));
    if (entry.type === 'opened') {
      say('level', d.level ? levelName(Number(d.level)) : null);
      if (Number(d.affectedCount) > 0) say('affectedCount', d.affectedCount);
    } else if (entry.type === 'affected') {
      say('affectedCount', d.affectedCount);
      say('level', d.level ? levelName(Number(d.level)) : null);
    } else if (entry.type === 'dispatch') say('assignee', names.get(String(d.assigneeId)) ?? d.assigneeId);
    else if (entry.type === 'sla-warning' || entry.type === 'sla-breached') {
      say('step', te(`operator.sla.${String(d.step)}`) ? t(`operator.sla.${String(d.step)}`) : d.step);
      say('due', d.due ? when(String(d.due), '') : null);
    } else if (entry.type === 'joined') say('outage', d.outage);
    else if (entry.type === 'set-level') say('level', d.level ? levelName(Number(d.level)) : null);
    say('plan', d.plan);
    say('note', d.note);
    say('reason', d.reason);
    say('resolution', d.resolution);
    if (d.repaired === true) parts.push(t('operator.historyDetail.repaired'));
    const signoff = d.signoff as { signerName?: string; signerTitle?: string } | undefined;
    if (signoff?.signerName) parts.push(t('operator.historyDetail.signedBy', { name: signoff.signerName, title: signoff.signerTitle ?? '' }));
    return parts.join(' · ');
  }

  /** "Video loss · CAM-7 · Qingdao centre": what a form or message is about, empty parts left out. */
  const headline = (row: Pick<FaultRow, 'kind' | 'deviceId' | 'siteId'>) => [kindName(row), row.deviceId, siteName(row.siteId)].filter(Boolean).join(' · ');

  const eventName = (type: string) => (te(`operator.history.${type}`) ? t(`operator.history.${type}`) : t('operator.history.other'));

  // the search looks at what the operator sees; worked out once per row object and language
  const haystacks = new WeakMap<FaultRow, { key: string; text: string }>();
  function haystack(row: FaultRow): string {
    const key = `${locale.value}|${faults.sitesVersion}`;
    const known = haystacks.get(row);
    if (known && known.key === key) return known.text;
    const s = site(row.siteId);
    const text = [row.id, row.deviceId, kindName(row), row.kind, s?.name, s?.code, row.description, row.reporter, row.plan].filter(Boolean).join(' ').toLowerCase();
    haystacks.set(row, { key, text });
    return text;
  }

  return { t, headline, siteName, zoneOf, kindName, levelName, stateName, when, age, clock, historyText, eventName, haystack };
}
