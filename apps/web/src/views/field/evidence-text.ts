import type { LineEvidence, LineVideoEvidence } from './types';

type T = (key: string, params?: Record<string, unknown>) => string;
type Te = (key: string) => boolean;

/**
 * What the heartbeats prove about a line, in the reader's language: the server's `detail` is English codes
 * ("recording: ok", "video-loss ch2, tamper ch3"), so it is rebuilt from the evidence's kind, state and the
 * condition kinds it names.
 */
export function evidenceText(e: LineEvidence, t: T, te: Te): { tone: 'ok' | 'bad' | 'unknown'; text: string } {
  const kind = t(`enum.evidenceKind.${e.kind}`);
  if (e.ok === null) return { tone: 'unknown', text: `${kind}: ${t('field.patrol.evidenceUnknown')}` };
  if (e.ok) return { tone: 'ok', text: `${kind}: ${t('field.patrol.evidenceOk')}` };
  if (e.status === 'offline') return { tone: 'bad', text: `${kind}: ${t('enum.deviceStatus.offline')}` };
  const conditions = e.detail
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [code, ...subject] = part.split(' ');
      const name = te(`enum.faultKind.${code}`) ? t(`enum.faultKind.${code}`) : t('field.patrol.evidenceBad');
      return subject.length > 0 ? `${name} ${subject.join(' ')}` : name;
    });
  return { tone: 'bad', text: `${kind}: ${t('field.patrol.evidenceBad')}${conditions.length ? ` (${conditions.join(', ')})` : ''}` };
}

/** "≤ 60 °C", "0–3000 h", "≥ 30 d" as a sentence: the limits of a pass of a number line. */
export function limitText(item: { min?: number; max?: number; unit?: string }, t: T): string {
  const unit = item.unit ?? '';
  if (item.min !== undefined && item.max !== undefined) return t('field.patrol.limitBetween', { min: item.min, max: item.max, unit });
  if (item.max !== undefined) return t('field.patrol.limitMax', { max: item.max, unit });
  if (item.min !== undefined) return t('field.patrol.limitMin', { min: item.min, unit });
  return '';
}

/** What the stored video evidence says of a line, in the reader's language: the days kept against those required, or the VQD result. */
export function videoEvidenceText(e: LineVideoEvidence, t: T, te: Te): { tone: 'ok' | 'bad' | 'unknown'; text: string } {
  const tone = e.ok === null ? 'unknown' : e.ok ? 'ok' : 'bad';
  if (e.kind === 'retention') {
    const text =
      e.requiredDays === null
        ? t('field.patrol.videoKept', { days: e.value ?? '—', day: e.day })
        : t('field.patrol.videoKeptOf', { days: e.value ?? '—', required: e.requiredDays, day: e.day });
    return { tone, text };
  }
  if (e.ok) return { tone, text: t('field.patrol.videoIntact', { day: e.day }) };
  const checks = e.failedChecks.map((c) => (te(`field.patrol.vqd.${c}`) ? t(`field.patrol.vqd.${c}`) : t('field.patrol.evidenceBad')));
  return { tone, text: t('field.patrol.videoFailed', { day: e.day, checks: checks.join(', ') }) };
}
