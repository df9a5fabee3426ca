import type { FaultLevel } from '../sla/sla-policy';
import type { Fault } from '../faults/fault';
import { webhookBody, type AlertText } from './alert-message';
import type { OnCallRota, WebhookFormat } from './oncall-rota';

/** Local clock times ("HH:MM", the contract's zone) between which levels 3–4 wait for the morning digest. */
export interface QuietHours {
  from: string;
  to: string;
}

/** How much one recipient may be told: at most one message per `digestMs`; the rest waits and is summarised. */
export interface BudgetRules {
  digestMs: number;
  quietHours: QuietHours | null;
  timeZone: string;
}

/**
 * A message waiting for its recipient. `alert`: the fault's own alerts (first, escalation, repeat), dropped once
 * someone acknowledges; `sla`: warnings and breaches, which concern supervisors whatever the fault's state;
 * `notice`: what a person's action tells another (a dispatch), also whatever the fault's state.
 */
export interface QueuedAlert {
  /** The fault's id; for another subject (see `subject`), that subject's id. */
  faultId: string;
  /** What the alert is about when it is not a fault: a complaint of the feedback register, a missed callback. Left out for faults. */
  subject?: AlertSubjectKind;
  kind: 'alert' | 'sla' | 'notice';
  level: FaultLevel;
  reason: string;
  step: number;
  queuedAt: Date;
  /** Not before this instant: the gather after it was queued, or the end of the quiet hours. */
  notBefore: Date;
}

/** What an alert may be about: faults, and (through the same budget, one page per incident per person) feedback entries and callbacks. */
export const ALERT_SUBJECTS = ['fault', 'feedback', 'callback', 'stock', 'loan'] as const;
export type AlertSubjectKind = (typeof ALERT_SUBJECTS)[number];

/** Alerts that arrive within this of each other go out as one message (the faults of one outage open seconds apart). */
export const ALERT_GATHER_MS = 2_000;
/** While alerts keep arriving, the gather goes on, but never holds the first of them longer than this (a whole estate going dark is one moment). */
export const ALERT_GATHER_MAX_MS = 15_000;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isClockTime(v: unknown): v is string {
  return typeof v === 'string' && HHMM.test(v);
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Minutes since local midnight, seconds and milliseconds apart. */
function localClock(at: Date, timeZone: string): { minutes: number; restMs: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { minutes: get('hour') * 60 + get('minute'), restMs: at.getTime() % 60_000 };
}

/** Whether a fault of this level waits out the quiet hours at this instant: levels 1–2 always page. */
export function isQuiet(level: FaultLevel, at: Date, rules: Pick<BudgetRules, 'quietHours' | 'timeZone'>): boolean {
  if (level <= 2 || !rules.quietHours) return false;
  const from = minutesOf(rules.quietHours.from);
  const to = minutesOf(rules.quietHours.to);
  const now = localClock(at, rules.timeZone).minutes;
  if (from === to) return false;
  return from < to ? now >= from && now < to : now >= from || now < to;
}

/** The next instant the local clock shows the end of the quiet hours (zones without daylight saving are exact). */
export function quietEndsAt(at: Date, quiet: QuietHours, timeZone: string): Date {
  const { minutes, restMs } = localClock(at, timeZone);
  const ahead = (minutesOf(quiet.to) - minutes + 1440) % 1440;
  return new Date(at.getTime() - restMs + ahead * 60_000);
}

/** When a message queued now may go at the earliest: after the gather, or in the morning digest. */
export function notBeforeFor(level: FaultLevel, at: Date, rules: BudgetRules): Date {
  if (rules.quietHours && isQuiet(level, at, rules)) return quietEndsAt(at, rules.quietHours, rules.timeZone);
  return new Date(at.getTime() + ALERT_GATHER_MS);
}

/**
 * When the recipient's next message goes: once the gather of its earliest waiting alerts has ended (no alert
 * for `ALERT_GATHER_MS`, or `ALERT_GATHER_MAX_MS` after the first), and not within `digestMs` of the last one
 * sent, whatever the level: in a storm of level-1 faults the pager is what must stay usable.
 */
export function nextSendAt(lastSentAt: Date | null, queue: Pick<QueuedAlert, 'notBefore' | 'queuedAt'>[], rules: Pick<BudgetRules, 'digestMs'>): Date | null {
  if (queue.length === 0) return null;
  const earliest = Math.min(...queue.map((q) => q.notBefore.getTime()));
  // the gather counts the alerts that only wait for it; those held by quiet hours wait for the morning
  const moment = queue.filter((q) => q.notBefore.getTime() - q.queuedAt.getTime() <= ALERT_GATHER_MS);
  const gathered =
    moment.length === 0
      ? earliest
      : Math.min(Math.max(...moment.map((q) => q.queuedAt.getTime())) + ALERT_GATHER_MS, Math.min(...moment.map((q) => q.queuedAt.getTime())) + ALERT_GATHER_MAX_MS);
  const allowed = lastSentAt ? lastSentAt.getTime() + rules.digestMs : -Infinity;
  return new Date(Math.max(earliest, gathered, allowed));
}

/** What goes in the message sent now (everything not held by quiet hours or a gather still running) and what waits. */
export function takeDue<T extends Pick<QueuedAlert, 'notBefore'>>(queue: T[], now: Date): { due: T[]; later: T[] } {
  const horizon = now.getTime() + ALERT_GATHER_MS;
  return { due: queue.filter((q) => q.notBefore.getTime() <= horizon), later: queue.filter((q) => q.notBefore.getTime() > horizon) };
}

/**
 * One line per incident: of several waiting messages about one fault, the latest escalation (highest step,
 * then newest) speaks for it; SLA notes stay apart from the fault's own alerts. Most severe first.
 */
export function foldByFault<T extends Pick<QueuedAlert, 'faultId' | 'kind' | 'level' | 'step' | 'queuedAt'> & Pick<Partial<QueuedAlert>, 'subject'>>(due: T[]): T[] {
  const best = new Map<string, T>();
  for (const item of due) {
    const key = `${item.subject ?? 'fault'}:${item.kind}:${item.faultId}`;
    const held = best.get(key);
    if (!held || item.step > held.step || (item.step === held.step && item.queuedAt >= held.queuedAt)) best.set(key, item);
  }
  return [...best.values()].sort((a, b) => a.level - b.level || a.queuedAt.getTime() - b.queuedAt.getTime());
}

/** Which of the due messages still stand: an acknowledged or closed fault's own alerts are dropped, SLA notes and notices stay. */
export function stillStanding<T extends Pick<QueuedAlert, 'faultId' | 'kind'>>(due: T[], openFaultIds: ReadonlySet<string>): T[] {
  return due.filter((d) => d.kind !== 'alert' || openFaultIds.has(d.faultId));
}

/** The title of a digest: "3 new faults", "2 faults still not acknowledged", or "4 alerts" when mixed. */
export function digestTitle(reasons: string[]): string {
  const n = reasons.length;
  if (reasons.every((r) => r === 'new fault')) return `${n} new faults`;
  if (reasons.every((r) => r === 'still not acknowledged')) return `${n} faults still not acknowledged`;
  return `${n} alerts`;
}

/** When each escalation step and the first repeat fall due: counted from the first alert actually sent. */
export function followUpTimes(firstSentAt: Date, rota: Pick<OnCallRota, 'escalateAfterMinutes' | 'repeatEveryMinutes'>): { steps: { step: number; at: Date }[]; repeatAt: Date } {
  const at = (minutes: number) => new Date(firstSentAt.getTime() + minutes * 60_000);
  return { steps: rota.escalateAfterMinutes.map((m, i) => ({ step: i + 1, at: at(m) })), repeatAt: at(rota.repeatEveryMinutes) };
}

/** How many escalation steps a repeat reaches: those whose time since the first alert has passed. */
export function stepsReached(firstSentAt: Date, now: Date, rota: Pick<OnCallRota, 'escalateAfterMinutes'>): number {
  const elapsedMin = (now.getTime() - firstSentAt.getTime()) / 60_000;
  return rota.escalateAfterMinutes.filter((m) => m <= elapsedMin).length;
}

/** One fault's line in a digest, with the text its own alert would have had; `fault` null for another subject (`subject` names it). */
export interface DigestEntry {
  fault: Fault | null;
  subject?: { kind: AlertSubjectKind; id: string };
  reason: string;
  text: AlertText;
}

/** One message summarising several: "[Vigil] 5 new faults: offline on SW-1, offline on SW-2, offline on SW-3 and 2 more", a line per fault. */
export function digestText(entries: DigestEntry[]): AlertText {
  const names = entries.map((e) => e.text.title.replace(/^\[Vigil\] [^:]*: /, ''));
  // plain ASCII: a mail subject stays readable in every client and log
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
  const lines = entries.flatMap((e) => [
    // an outage says how much went with it, as its own alert would
    `- ${e.text.title.replace(/^\[Vigil\] /, '')} · ${e.text.lines[0] ?? ''}${e.fault && e.fault.affectedCount > 0 ? ` · ${e.fault.affectedCount} devices affected` : ''}`,
    ...e.text.lines.filter((l) => /^https?:\/\//.test(l)).map((l) => `  ${l}`),
  ]);
  return { title: `[Vigil] ${digestTitle(entries.map((e) => e.reason))}: ${shown}`, lines };
}

/** A digest as a webhook body: the robots' markdown, or JSON listing each fault. */
export function digestWebhookBody(format: WebhookFormat, text: AlertText, entries: DigestEntry[]): unknown {
  if (format !== 'json') return webhookBody(format, text, entries[0].fault, 'digest');
  const others = entries.filter((e) => !e.fault && e.subject).map((e) => ({ ...e.subject, reason: e.reason, title: e.text.title }));
  return {
    reason: 'digest',
    title: text.title,
    ...(others.length > 0 ? { others } : {}),
    faults: entries.flatMap(({ fault: f, reason }) =>
      f
        ? [
            {
              id: f.id,
              deviceId: f.deviceId,
              siteId: f.siteId,
              kind: f.kind,
              level: f.level,
              state: f.state,
              openedAt: f.openedAt,
              affectedCount: f.affectedCount,
              reason,
            },
          ]
        : [],
    ),
  };
}
