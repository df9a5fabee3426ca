import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** One message waiting for the broker. */
export interface QueuedMessage {
  topic: string;
  payload: string;
}

/** What the queue dropped and why: `overflow` (over its bound, oldest first), `corrupt` (a line torn by a crash). */
export type DropReason = 'overflow' | 'corrupt';

const STATE = 'queue-state.json';
const segmentName = (gen: number): string => `queue-${gen}.jsonl`;
/** Rewrite the segment once this many lines at its head have been sent (and the rest are fewer). */
const COMPACT_AFTER = 1_000;

/**
 * An append-only file queue that survives a restart: messages are appended as JSON lines to the current segment; a state
 * file (replaced atomically) says which segment is current and how many of its lines are already gone. Compaction writes
 * the remaining lines to a new segment, then switches the state to it, so a crash at any point leaves one consistent pair.
 * Kept in memory too (bounded by `max`) so the head is read without touching the disk.
 */
export class DiskQueue {
  private gen = 0;
  private consumed = 0;
  private fd = -1;
  private readonly items: QueuedMessage[] = [];
  private head = 0;

  constructor(
    private readonly dir: string,
    private readonly max: number,
    private readonly onDrop: (reason: DropReason, count: number) => void = () => undefined,
  ) {
    mkdirSync(dir, { recursive: true });
    this.load();
  }

  get size(): number {
    return this.items.length - this.head;
  }

  peek(): QueuedMessage | undefined {
    return this.items[this.head];
  }

  push(m: QueuedMessage): void {
    writeSync(this.fd, `${JSON.stringify(m)}\n`);
    this.items.push(m);
    if (this.size > this.max) {
      this.advance(this.size - this.max);
      this.onDrop('overflow', 1);
    }
  }

  /** The head was delivered. */
  shift(): void {
    if (this.size === 0) return;
    this.advance(1);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private advance(n: number): void {
    this.head += n;
    this.consumed += n;
    if (this.head >= COMPACT_AFTER && this.head > this.size) this.compact();
    else this.writeState();
  }

  private load(): void {
    const state = this.readState();
    this.gen = state.gen;
    const path = join(this.dir, segmentName(this.gen));
    const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n') : [];
    let corrupt = 0;
    for (const line of lines.slice(state.consumed)) {
      if (line === '') continue;
      const m = parseMessage(line);
      if (m) this.items.push(m);
      else corrupt += 1;
    }
    if (corrupt > 0) this.onDrop('corrupt', corrupt);
    const over = this.items.length - this.max;
    if (over > 0) {
      this.items.splice(0, over);
      this.onDrop('overflow', over);
    }
    // start from a clean segment holding exactly what is pending (drops torn lines and what was sent)
    this.compact();
  }

  private compact(): void {
    this.close();
    const pending = this.items.slice(this.head);
    this.items.length = 0;
    this.items.push(...pending);
    this.head = 0;
    const next = this.gen + 1;
    writeFileSync(join(this.dir, segmentName(next)), pending.map((m) => `${JSON.stringify(m)}\n`).join(''));
    this.gen = next;
    this.consumed = 0;
    this.writeState();
    for (const f of readdirSync(this.dir)) if (/^queue-\d+\.jsonl$/.test(f) && f !== segmentName(next)) rmSync(join(this.dir, f), { force: true });
    this.fd = openSync(join(this.dir, segmentName(next)), 'a');
  }

  private readState(): { gen: number; consumed: number } {
    try {
      const s = JSON.parse(readFileSync(join(this.dir, STATE), 'utf8')) as { gen?: unknown; consumed?: unknown };
      if (Number.isInteger(s.gen) && Number.isInteger(s.consumed)) return { gen: s.gen as number, consumed: s.consumed as number };
    } catch {
      // no state yet (first run) or a torn one: start from segment 0
    }
    return { gen: 0, consumed: 0 };
  }

  private writeState(): void {
    const tmp = join(this.dir, `${STATE}.tmp`);
    writeFileSync(tmp, JSON.stringify({ gen: this.gen, consumed: this.consumed }));
    renameSync(tmp, join(this.dir, STATE));
  }
}

function parseMessage(line: string): QueuedMessage | null {
  try {
    const m = JSON.parse(line) as Partial<QueuedMessage>;
    return typeof m.topic === 'string' && typeof m.payload === 'string' ? { topic: m.topic, payload: m.payload } : null;
  } catch {
    return null;
  }
}
