import { SLA_STEPS } from '@vigil/domain/sla/sla-policy';
import type { SlaJson, SlaStep } from './types';

/** A step still running (or stopped by a pause), the one the clock on a row counts down. */
export interface NextStep {
  step: SlaStep;
  status: 'pending' | 'breached' | 'paused';
  /** ms since the epoch; null when paused with no projected due. */
  due: number | null;
  warnAt: number | null;
}

const RUNNING = new Set(['pending', 'breached', 'paused']);
const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

/** The first step (respond, arrive, restore, repair) not yet completed whose clock runs or is paused. */
export function nextSlaStep(sla: SlaJson | null | undefined): NextStep | null {
  if (!sla) return null;
  for (const step of SLA_STEPS) {
    const s = sla[step];
    if (s && s.status && RUNNING.has(s.status) && !s.completedAt) return { step, status: s.status as NextStep['status'], due: ms(s.due), warnAt: ms(s.warnAt) };
  }
  return null;
}

export type ClockTone = 'ok' | 'warn' | 'breach' | 'paused' | 'none';

export interface Countdown {
  step: SlaStep | null;
  tone: ClockTone;
  /** Time left (negative: late); null when paused or without a due. */
  leftMs: number | null;
}

/** What a row's SLA clock shows at `now`: the step, time left (or late), and whether it is past 75 %. */
export function countdown(sla: SlaJson | null | undefined, now: number): Countdown {
  const next = nextSlaStep(sla);
  if (!next) return { step: null, tone: 'none', leftMs: null };
  if (next.status === 'paused') return { step: next.step, tone: 'paused', leftMs: null };
  if (next.due === null) return { step: next.step, tone: 'none', leftMs: null };
  const left = next.due - now;
  const tone: ClockTone = left < 0 ? 'breach' : next.warnAt !== null && now >= next.warnAt ? 'warn' : 'ok';
  return { step: next.step, tone, leftMs: left };
}

/** "1:02:03" under two days, "3d 4h" beyond (late spans without the sign: the caller says "late"). */
export function clockText(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  if (h >= 48) return `${Math.floor(h / 24)}d ${h % 24}h`;
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** A span as days, hours and minutes: a problem's age. */
export function ageParts(ms: number): { d: number; h: number; m: number } {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  return { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60), m: minutes % 60 };
}
