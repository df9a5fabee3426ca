import { Logger } from '@nestjs/common';
import { discoveredToEvict, MAX_DISCOVERED } from '@vigil/domain';
import type { ClockPort, DeviceStateRepository, DiscoveredDeviceRepository, DeviceStateSnapshot, DiscoveredDevice } from '../ports';
import type { IngestDiagnostics } from './ingest-diagnostics';

/** An id the register does not have is not looked up again for this long. */
const STRANGER_MS = 30_000;
const STRANGERS_MAX = 100_000;
const LOOKUPS_MAX = 1000;
const LOOKUP_QUEUE_MAX = 100;

export interface HeldMessage {
  topic: string;
  payload: Uint8Array;
  receivedAt: Date;
  retained: boolean;
}

/**
 * A device this process does not know yet may have been registered a moment ago by another
 * process, its notice still on the way: it is looked up once (its messages wait, in order), and only a
 * device the register does not have either is dropped as unknown and noted as discovered, remembered
 * for a while so that a stranger's stream costs no lookups.
 */
export class UnknownDevices {
  private readonly logger = new Logger('IngestService');
  private readonly lookups = new Map<string, HeldMessage[]>();
  private readonly strangers = new Map<string, number>();
  private discovered = new Map<string, DiscoveredDevice>();
  /** The discoveries taken by a write under way, and that write's end. */
  private writing: Map<string, DiscoveredDevice> | null = null;
  private recorded: Promise<void> = Promise.resolve();

  constructor(
    private readonly states: DeviceStateRepository,
    private readonly discoveries: DiscoveredDeviceRepository,
    private readonly diagnostics: IngestDiagnostics,
    private readonly clock: ClockPort,
    /** Answers whether the device is tracked once the lookup found `snapshot` (or nothing). */
    private readonly found: (id: string, snapshot: DeviceStateSnapshot | null) => boolean,
    private readonly replay: (m: HeldMessage) => void,
  ) {}

  handle(id: string, m: HeldMessage): void {
    const strangerUntil = this.strangers.get(id);
    if (strangerUntil !== undefined && strangerUntil > m.receivedAt.getTime()) return this.drop(id, m);
    const waiting = this.lookups.get(id);
    if (waiting) {
      if (waiting.length < LOOKUP_QUEUE_MAX) waiting.push(m);
      else this.drop(id, m);
      return;
    }
    if (this.lookups.size >= LOOKUPS_MAX) return this.drop(id, m);
    this.lookups.set(id, [m]);
    void this.states.load([id]).then(
      ([snapshot]) => this.settle(id, snapshot ?? null),
      (err: Error) => {
        this.logger.warn(`looking up ${id}: ${err.message}`);
        this.settle(id, null);
      },
    );
  }

  /** The devices were registered: they are no strangers, and no longer discoveries (one bulk delete for an import). */
  registered(ids: string[]): void {
    if (ids.length === 0) return;
    for (const id of ids) {
      this.strangers.delete(id);
      this.discovered.delete(id);
      this.writing?.delete(id);
    }
    // after a write of discoveries already under way, which would otherwise put them back
    void this.recorded.then(() => this.discoveries.removeMany(ids)).catch(() => undefined);
  }

  private settle(id: string, snapshot: DeviceStateSnapshot | null): void {
    const waiting = this.lookups.get(id) ?? [];
    this.lookups.delete(id);
    const tracked = this.found(id, snapshot);
    if (!tracked) {
      if (this.strangers.size >= STRANGERS_MAX) this.strangers.clear();
      this.strangers.set(id, this.clock.now().getTime() + STRANGER_MS);
    }
    for (const m of waiting) {
      if (tracked) this.replay(m);
      else this.drop(id, m);
    }
  }

  private drop(id: string, m: HeldMessage): void {
    this.noteDiscovered(id, m.topic, m.receivedAt);
    this.diagnostics.drop(m.topic, 'unknown-device', `no device ${id} in the register`, m.payload, m.receivedAt);
  }

  private noteDiscovered(id: string, topic: string, at: Date): void {
    const seen = this.discovered.get(id);
    if (seen) {
      Object.assign(seen, { lastSeenAt: at, messages: seen.messages + 1, lastTopic: topic });
      return;
    }
    // Bounded between writes too: a flood of random ids sheds half its strangers by the same order as the stored list.
    if (this.discovered.size >= MAX_DISCOVERED) for (const gone of discoveredToEvict([...this.discovered.values()], MAX_DISCOVERED / 2)) this.discovered.delete(gone);
    this.discovered.set(id, { id, firstSeenAt: at, lastSeenAt: at, messages: 1, lastTopic: topic });
  }

  get pending(): boolean {
    return this.discovered.size > 0;
  }

  /** The discoveries noted since the last write; noting goes on from empty. */
  take(): Map<string, DiscoveredDevice> {
    const taken = this.discovered;
    this.discovered = new Map();
    this.writing = taken;
    return taken;
  }

  /** A write failed: its discoveries are noted again, behind any newer note of the same device. */
  putBack(taken: Map<string, DiscoveredDevice>): void {
    this.writing = null;
    for (const [k, v] of taken) if (!this.discovered.has(k)) this.discovered.set(k, v);
  }

  /** Writes the discoveries taken with a batch. */
  async record(taken: Map<string, DiscoveredDevice>): Promise<void> {
    const done = taken.size > 0 ? this.discoveries.record([...taken.values()]) : Promise.resolve();
    this.recorded = done.catch(() => undefined);
    try {
      await done;
    } finally {
      this.writing = null;
    }
  }
}
