import type { FaultEventPayload } from '@vigil/domain/dashboard/socket-events';
import type { FaultChange } from '@web/live/fault-feed';

/** Level-1 faults the wall has already seen, so a reconnect's snapshot or an acknowledgement never sounds again. */
export class SeenLevelOne {
  private readonly ids = new Set<string>();
  constructor(private readonly limit = 20_000) {}

  private primed = false;

  /**
   * A snapshot (on every (re)connect). The first one is what the wall found when it started: known, not
   * news. A later one may hold level-1 faults that opened while the wall was away: those are news.
   */
  snapshot(faults: Iterable<FaultEventPayload>): FaultEventPayload[] {
    const changes: FaultChange[] = [];
    for (const fault of faults) changes.push({ type: 'opened', fault });
    const fresh = this.arrivals(changes);
    const news = this.primed ? fresh : [];
    this.primed = true;
    return news;
  }

  /** The faults of these changes that are at level 1 for the first time (opened so, or raised to it), top-level and not closed. */
  arrivals(changes: readonly FaultChange[]): FaultEventPayload[] {
    const fresh: FaultEventPayload[] = [];
    for (const { type, fault } of changes) {
      if (type === 'cleared' || fault.state === 'closed' || fault.level !== 1 || fault.parentFaultId !== null || this.ids.has(fault.id)) continue;
      this.ids.add(fault.id);
      fresh.push(fault);
    }
    this.trim();
    return fresh;
  }

  private trim(): void {
    // a Set iterates in insertion order: the oldest go first
    for (const id of this.ids) {
      if (this.ids.size <= this.limit) break;
      this.ids.delete(id);
    }
  }
}

/**
 * A short alarm through WebAudio (no sound file, nothing the CSP must allow). Making the audio context can
 * take a few hundred milliseconds of the main thread (opening the sound device), so it is made ahead of
 * need, when the page is idle or touched, never while faults pour in. Browsers start audio only after a
 * person has touched the page (or with the kiosk's autoplay switch): `unlock()` is called on a click or a
 * key; until then `blocked` says so.
 */
export class Beeper {
  private ctx: AudioContext | null = null;

  constructor(private readonly makeContext: () => AudioContext | null = defaultContext) {}

  prepare(): void {
    this.ctx ??= this.makeContext();
  }

  unlock(): void {
    this.prepare();
    void this.ctx?.resume().catch(() => undefined);
  }

  get blocked(): boolean {
    return this.ctx === null || this.ctx.state !== 'running';
  }

  /** Three rising pulses; answers whether the browser let it sound. */
  beep(): boolean {
    const ctx = this.ctx;
    if (!ctx) return false;
    if (ctx.state !== 'running') {
      void ctx.resume().catch(() => undefined);
      return false;
    }
    const start = ctx.currentTime + 0.02;
    [880, 988, 1175].forEach((hz, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      const t = start + i * 0.25;
      osc.type = 'square';
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.25, t + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.2);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 0.22);
    });
    return true;
  }
}

function defaultContext(): AudioContext | null {
  const Ctor = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  try {
    return Ctor ? new Ctor() : null;
  } catch {
    return null;
  }
}
