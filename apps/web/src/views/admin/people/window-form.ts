import type { MajorEventWindow } from '@vigil/domain/faults/fault-rules';
import { DEFAULT_ZONE } from '@web/composables/local-time';
import type { DeviceRow, SiteRow, WindowRow } from './types';
import { fromLocal, toLocal, type LocalText } from './zoned-time';

/** As the server's MAX_WINDOW_DAYS (maintenance-window.ts; a spec keeps the two equal). */
export const MAX_WINDOW_DAYS = 31;
const DAY_MS = 86_400_000;

export interface Problem {
  field: string;
  key: string;
  params?: Record<string, string | number>;
}

/** A maintenance window as typed: what it mutes (every site, or sites and devices) and when, in wall time. */
export interface WindowDraft {
  name: string;
  whole: boolean;
  siteIds: string[];
  deviceIds: string[];
  startsAt: LocalText;
  endsAt: LocalText;
  reason: string;
}

/**
 * The zone a window's times are typed in: that of the sites it covers (and the sites of its devices) when they
 * share one; `mixed` when they do not, and the default zone is used, named on the form.
 */
export function windowZone(
  siteIds: readonly string[],
  devices: readonly Pick<DeviceRow, 'siteId'>[],
  sites: ReadonlyMap<string, Pick<SiteRow, 'timeZone'>>,
): { zone: string; mixed: boolean } {
  const zones = new Set([...siteIds, ...devices.map((d) => d.siteId)].map((id) => sites.get(id)?.timeZone).filter((z): z is string => !!z));
  if (zones.size === 1) return { zone: [...zones][0], mixed: false };
  return { zone: DEFAULT_ZONE, mixed: zones.size > 1 };
}

export function blankWindow(now: Date, zone: string): WindowDraft {
  // the next whole hour, for two hours
  const start = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  return { name: '', whole: false, siteIds: [], deviceIds: [], startsAt: toLocal(start, zone), endsAt: toLocal(new Date(start.getTime() + 2 * 3_600_000), zone), reason: '' };
}

function checkSpan(fromText: LocalText, toText: LocalText, zone: string, fields: [string, string], out: Problem[], maxDays: number | null): void {
  const [from, to] = [fromLocal(fromText, zone), fromLocal(toText, zone)];
  if (!from) out.push({ field: fields[0], key: 'people.windows.problem.time' });
  if (!to) out.push({ field: fields[1], key: 'people.windows.problem.time' });
  if (from && to && to <= from) out.push({ field: fields[1], key: 'people.windows.problem.order' });
  else if (from && to && maxDays !== null && to.getTime() - from.getTime() > maxDays * DAY_MS)
    out.push({ field: fields[1], key: 'people.windows.problem.tooLong', params: { days: maxDays } });
}

/** What is wrong before the window is sent (checkWindowTimes and the DTO); the server checks again. */
export function checkWindow(d: WindowDraft, zone: string): Problem[] {
  const out: Problem[] = [];
  if (d.name.trim() === '' || d.name.length > 200) out.push({ field: 'name', key: 'people.windows.problem.name' });
  if (!d.whole && d.siteIds.length + d.deviceIds.length === 0) out.push({ field: 'siteIds', key: 'people.windows.problem.what' });
  checkSpan(d.startsAt, d.endsAt, zone, ['startsAt', 'endsAt'], out, MAX_WINDOW_DAYS);
  if (d.reason.length > 1000) out.push({ field: 'reason', key: 'people.windows.problem.reason' });
  return out;
}

/** The body of POST /api/maintenance-windows; neither sites nor devices: the whole estate. */
export function windowBody(d: WindowDraft, zone: string): { name: string; startsAt: string; endsAt: string; siteIds?: string[]; deviceIds?: string[]; reason?: string } {
  return {
    name: d.name.trim(),
    startsAt: fromLocal(d.startsAt, zone)!.toISOString(),
    endsAt: fromLocal(d.endsAt, zone)!.toISOString(),
    ...(d.whole ? {} : { siteIds: [...d.siteIds], deviceIds: [...d.deviceIds] }),
    ...(d.reason.trim() ? { reason: d.reason.trim() } : {}),
  };
}

export type WindowState = 'upcoming' | 'active' | 'ended';

export function windowState(w: Pick<WindowRow, 'startsAt' | 'endsAt'>, now: Date): WindowState {
  if (now.getTime() < Date.parse(w.startsAt)) return 'upcoming';
  return now.getTime() < Date.parse(w.endsAt) ? 'active' : 'ended';
}

/** Windows in force first, then those to come, then the past; each by start. */
export function sortWindows<T extends Pick<WindowRow, 'startsAt' | 'endsAt'>>(windows: readonly T[], now: Date): T[] {
  const rank: Record<WindowState, number> = { active: 0, upcoming: 1, ended: 2 };
  return [...windows].sort(
    (a, b) =>
      rank[windowState(a, now)] - rank[windowState(b, now)] ||
      (windowState(a, now) === 'ended' ? Date.parse(b.startsAt) - Date.parse(a.startsAt) : Date.parse(a.startsAt) - Date.parse(b.startsAt)),
  );
}

/** A major-event window (重大活动保障) as typed: the contract's sites it raises (none: all of them), and by how many levels. */
export interface MajorEventDraft {
  name: string;
  from: LocalText;
  to: LocalText;
  siteIds: string[];
  raiseBy: 1 | 2 | 3;
}

export function majorEventsOf(faultRules: Record<string, unknown> | null | undefined): MajorEventWindow[] {
  const events = faultRules?.majorEvents;
  return Array.isArray(events) ? (events as MajorEventWindow[]) : [];
}

export function checkMajorEvent(d: MajorEventDraft, zone: string): Problem[] {
  const out: Problem[] = [];
  if (d.name.trim() === '' || d.name.length > 200) out.push({ field: 'name', key: 'people.windows.problem.name' });
  checkSpan(d.from, d.to, zone, ['from', 'to'], out, null);
  return out;
}

export function majorEventOf(d: MajorEventDraft, zone: string): MajorEventWindow {
  return {
    name: d.name.trim(),
    from: fromLocal(d.from, zone)!.toISOString(),
    to: fromLocal(d.to, zone)!.toISOString(),
    siteIds: d.siteIds.length ? [...d.siteIds] : null,
    raiseBy: d.raiseBy,
  };
}

/** The contract's fault rules with its major events replaced, every other rule kept as stored (PUT replaces them all). */
export function rulesWithMajorEvents(faultRules: Record<string, unknown> | null | undefined, events: MajorEventWindow[]): Record<string, unknown> {
  return { ...(faultRules ?? {}), majorEvents: events };
}
