import type { StoredDeviceEvent } from '../events/device-event';
import { conditionKey, type Condition } from '../health/condition';
import { formatDuration, localMonth, nextLocalMonthStart, type ArchiveEntry } from './archive-entry';

export interface SummaryWindow {
  /** The period's first instant. */
  from: Date;
  /** Where an episode still open at the end stops counting: the period's end, or now if sooner. */
  end: Date;
  /** Months are this zone's (the contract's). */
  timeZone: string;
  /** Episodes that start within this many seconds of the last one's end join its run (default one hour). */
  joinWithinSec?: number;
}

/** What each device was doing as the period began (its last status before it), so an outage under way is counted from the start. */
export interface DeviceStartState {
  deviceId: string;
  siteId: string;
  offline: boolean;
}

/** A run of episodes of one thing (the device offline, or one condition) within one local month. */
interface Run {
  deviceId: string;
  siteId: string;
  what: { kind: 'offline' } | { kind: 'condition'; condition: Condition };
  month: string;
  first: Date;
  /** Episodes that began in the run (0: an episode carried over from the month before). */
  count: number;
  carriedOver: boolean;
  downSec: number;
  /** When the last episode ended; null while one is under way. */
  lastEnd: Date | null;
  /** The episode under way, since when. */
  openSince: Date | null;
}

const DEFAULT_JOIN_SEC = 3600;

/**
 * Turns a device event log into archive lines, reading it once in order and holding only what is under
 * way per device: a run of offline/online flaps becomes one line with its count and total downtime, a
 * condition raised and cleared again and again likewise; firmware changes stay one line each. A run never
 * crosses a local month: an outage over midnight of the month's end is split there, each month counting
 * its own downtime, the later one marked as carried over.
 */
export class DeviceHistorySummariser {
  private readonly runs = new Map<string, Run>();
  private readonly lastAt = new Map<string, number>();
  private readonly joinMs: number;

  constructor(
    private readonly window: SummaryWindow,
    start: readonly DeviceStartState[] = [],
  ) {
    this.joinMs = (window.joinWithinSec ?? DEFAULT_JOIN_SEC) * 1000;
    for (const s of start) if (s.offline) this.runs.set(`${s.deviceId}|offline`, this.carried(s.deviceId, s.siteId, { kind: 'offline' }, window.from));
  }

  /** Takes the next event (in log order); answers the lines it completed. */
  push(e: StoredDeviceEvent): ArchiveEntry[] {
    // the log is in write order; an event stamped before the device's previous one counts as at the same instant
    const at = new Date(Math.max(e.at.getTime(), this.lastAt.get(e.deviceId) ?? 0));
    this.lastAt.set(e.deviceId, at.getTime());
    const c = e.change;
    switch (c.kind) {
      case 'status-changed':
        if (c.to === 'offline' && c.from !== 'offline') return this.begin(e.deviceId, e.siteId, { kind: 'offline' }, at);
        if (c.from === 'offline' && c.to !== 'offline') return this.stop(`${e.deviceId}|offline`, at);
        return [];
      case 'condition-raised':
        return this.begin(e.deviceId, e.siteId, { kind: 'condition', condition: c.condition }, at);
      case 'condition-cleared':
        return this.stop(`${e.deviceId}|c:${conditionKey(c.condition)}`, at);
      case 'firmware-changed':
        return [
          {
            kind: 'firmware',
            at,
            until: null,
            siteId: e.siteId,
            deviceId: e.deviceId,
            ref: null,
            code: 'firmware-changed',
            facts: { from: c.from, to: c.to, source: 'device' },
            text: { zh: `固件变更 ${c.from ?? '—'} → ${c.to}（设备上报）`, en: `Firmware ${c.from ?? '—'} → ${c.to} (reported by the device)` },
          },
        ];
      default:
        return [];
    }
  }

  /** The lines still open at the end of the period, each episode under way counted up to `window.end`. */
  finish(): ArchiveEntry[] {
    const out: ArchiveEntry[] = [];
    for (const [key, run] of [...this.runs.entries()]) {
      if (run.openSince) out.push(...this.rollOver(key, this.window.end));
      const last = this.runs.get(key)!;
      if (last.openSince) last.downSec += Math.max(0, this.window.end.getTime() - last.openSince.getTime()) / 1000;
      out.push(this.line(last, true));
    }
    this.runs.clear();
    return out;
  }

  private keyOf(deviceId: string, what: Run['what']): string {
    return what.kind === 'offline' ? `${deviceId}|offline` : `${deviceId}|c:${conditionKey(what.condition)}`;
  }

  private carried(deviceId: string, siteId: string, what: Run['what'], at: Date): Run {
    return { deviceId, siteId, what, month: localMonth(at, this.window.timeZone), first: at, count: 0, carriedOver: true, downSec: 0, lastEnd: null, openSince: at };
  }

  private begin(deviceId: string, siteId: string, what: Run['what'], at: Date): ArchiveEntry[] {
    const key = this.keyOf(deviceId, what);
    const out: ArchiveEntry[] = [];
    let run = this.runs.get(key);
    if (run?.openSince) return out; // already under way: a repeated raise says nothing new
    if (run && (run.month !== localMonth(at, this.window.timeZone) || at.getTime() - run.lastEnd!.getTime() > this.joinMs)) {
      out.push(this.line(run, false));
      run = undefined;
    }
    if (!run) {
      run = { deviceId, siteId, what, month: localMonth(at, this.window.timeZone), first: at, count: 0, carriedOver: false, downSec: 0, lastEnd: null, openSince: null };
      this.runs.set(key, run);
    }
    run.count += 1;
    run.openSince = at;
    return out;
  }

  private stop(key: string, at: Date): ArchiveEntry[] {
    const run = this.runs.get(key);
    if (!run?.openSince) return [];
    const out = this.rollOver(key, at);
    const current = this.runs.get(key)!;
    current.downSec += (at.getTime() - current.openSince!.getTime()) / 1000;
    current.openSince = null;
    current.lastEnd = at;
    return out;
  }

  /** An episode under way past its month's end: that month's run ends there, and the episode goes on in the next. */
  private rollOver(key: string, until: Date): ArchiveEntry[] {
    const out: ArchiveEntry[] = [];
    for (let run = this.runs.get(key)!; ; run = this.runs.get(key)!) {
      const boundary = nextLocalMonthStart(run.openSince!, this.window.timeZone);
      if (boundary >= until) return out;
      run.downSec += (boundary.getTime() - run.openSince!.getTime()) / 1000;
      run.lastEnd = boundary;
      run.openSince = null;
      const ended = this.line(run, false);
      out.push({ ...ended, facts: { ...ended.facts, continues: true } });
      this.runs.set(key, this.carried(run.deviceId, run.siteId, run.what, boundary));
    }
  }

  private line(run: Run, atEnd: boolean): ArchiveEntry {
    const stillOpen = atEnd && run.openSince !== null;
    const d = formatDuration(run.downSec);
    const carried = run.carriedOver ? { zh: '（自上期持续）', en: ' (carried over)' } : { zh: '', en: '' };
    const open = stillOpen ? { zh: '，期末仍未恢复', en: ', not over at the end of the period' } : { zh: '', en: '' };
    const facts = { month: run.month, count: run.count, downtimeSec: Math.round(run.downSec), carriedOver: run.carriedOver, open: stillOpen };
    const base = { at: run.first, until: stillOpen ? null : run.lastEnd, siteId: run.siteId, deviceId: run.deviceId, ref: null };
    if (run.what.kind === 'offline')
      return {
        ...base,
        kind: 'status',
        code: run.count > 1 ? 'offline-flapping' : 'offline',
        facts,
        text: {
          zh: `离线 ${run.count} 次${carried.zh}，累计停机 ${d.zh}${open.zh}`,
          en: `Offline ${run.count} time${run.count === 1 ? '' : 's'}${carried.en}, downtime ${d.en}${open.en}`,
        },
      };
    const c = run.what.condition;
    const name = c.subject === undefined ? c.kind : `${c.kind} ${c.subject}`;
    return {
      ...base,
      kind: 'condition',
      code: 'condition',
      facts: { ...facts, condition: c.kind, subject: c.subject ?? null },
      text: { zh: `${name}：出现 ${run.count} 次${carried.zh}，累计 ${d.zh}${open.zh}`, en: `${name}: ${run.count} time(s)${carried.en}, lasting ${d.en}${open.en}` },
    };
  }
}
