import { newKey } from './keys';

/** What the field app writes; each kind is a route the server marks @Idempotent(), so a retry with the same key is done once. */
export const WRITE_KINDS = ['patrol.start', 'patrol.line', 'patrol.photo', 'patrol.submit', 'patrol.sign', 'fault.arrive', 'fault.restore', 'fault.close'] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

export type WriteBody = { kind: 'none' } | { kind: 'json'; data: unknown } | { kind: 'blob'; blob: Blob; type: string };

/** What a write is about, for the page to show it beside the line, patrol or fault it changes. */
export interface WriteSubject {
  patrolId?: string;
  lineKey?: string;
  faultId?: string;
}

export interface QueuedWrite {
  id: string;
  /** Order of sending: a write never overtakes one queued before it. */
  seq: number;
  /** The Idempotency-Key, made once when the write is queued and sent with every attempt. */
  key: string;
  kind: WriteKind;
  /** Who queued it: it is sent only while they are signed in, with their token. */
  owner: string;
  method: 'POST' | 'PUT';
  path: string;
  body: WriteBody;
  subject: WriteSubject;
  createdAt: number;
  attempts: number;
  /** Not before this instant (ms): the back-off after a failed attempt. */
  notBefore: number;
  /** The last failure, for the person to read (already in their language). */
  lastError: string | null;
  /** Refused by the server for good (400, 403, 404, 409, 422): never sent again, shown until dismissed. */
  failed: boolean;
}

export type NewWrite = Pick<QueuedWrite, 'kind' | 'owner' | 'method' | 'path' | 'body' | 'subject'>;

/** Where the queue lives between page loads (IndexedDB in the browser, memory in tests). */
export interface QueueStorage {
  list(): Promise<QueuedWrite[]>;
  put(write: QueuedWrite): Promise<void>;
  remove(id: string): Promise<void>;
}

/** What to do after a failed attempt: try again later (no network, server busy), stop until signed in again, or give up on this write. */
export type Verdict = 'retry' | 'pause' | 'fail';

export interface QueueOptions {
  storage: QueueStorage;
  /** Sends one write with its key; answers the server's body or throws. */
  transport: (write: QueuedWrite) => Promise<unknown>;
  classify: (err: unknown) => Verdict;
  /** Who is signed in now: only their writes are sent (null: nobody, nothing is sent). */
  owner: () => string | null;
  describe?: (err: unknown) => string;
  now?: () => number;
  /** Across tabs of the same browser: one of them sends at a time (Web Locks where the browser has them). */
  exclusive?: <T>(run: () => Promise<T>) => Promise<T>;
  onSent?: (write: QueuedWrite, answer: unknown) => void;
  onFailed?: (write: QueuedWrite, err: unknown) => void;
  onChange?: (writes: QueuedWrite[]) => void;
}

const BACKOFF_MS = [2_000, 5_000, 15_000, 30_000, 60_000];
export const backoff = (attempts: number): number => BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length) - 1] ?? BACKOFF_MS[0];

export type FlushResult = 'empty' | 'waiting' | 'paused';

/**
 * The field app's writes while the network comes and goes: kept in order in storage, sent one at a time,
 * each with the Idempotency-Key it was given when queued. A write leaves the queue only once the server has
 * answered it, so a reload, a crash or a lost answer means it is sent again with the same key and the
 * server answers the first answer instead of doing it twice.
 */
export class OfflineQueue {
  private writes: QueuedWrite[] = [];
  private loaded: Promise<void> | null = null;
  private running: Promise<FlushResult> | null = null;
  private again = false;
  private forced = false;
  private paused = false;
  private inFlight: string | null = null;
  private readonly now: () => number;

  constructor(private readonly options: QueueOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  /** What is waiting or refused, oldest first. */
  get all(): readonly QueuedWrite[] {
    return this.writes;
  }

  get sending(): string | null {
    return this.inFlight;
  }

  load(): Promise<void> {
    this.loaded ??= this.options.storage.list().then((stored) => {
      this.writes = stored.sort((a, b) => a.seq - b.seq);
      this.changed();
    });
    return this.loaded;
  }

  /**
   * Queues a write. A line's value replaces one still waiting for the same line that was never tried (the
   * newest value is what counts; one that may have reached the server is left to finish).
   */
  async enqueue(input: NewWrite, options: { replaces?: boolean } = {}): Promise<QueuedWrite> {
    await this.load();
    if (options.replaces) {
      const stale = this.writes.filter((w) => w.kind === input.kind && w.path === input.path && w.owner === input.owner && w.attempts === 0 && !w.failed && w.id !== this.inFlight);
      for (const w of stale) await this.options.storage.remove(w.id);
      this.writes = this.writes.filter((w) => !stale.includes(w));
    }
    const last = this.writes.reduce((max, w) => Math.max(max, w.seq), 0);
    const write: QueuedWrite = {
      ...input,
      id: newKey(),
      key: newKey(),
      seq: Math.max(last + 1, this.now()),
      createdAt: this.now(),
      attempts: 0,
      notBefore: 0,
      lastError: null,
      failed: false,
    };
    await this.options.storage.put(write);
    this.writes = [...this.writes, write];
    this.changed();
    return write;
  }

  /** A refused write the person has read: gone from the list. */
  async dismiss(id: string): Promise<void> {
    await this.load();
    const write = this.writes.find((w) => w.id === id);
    if (!write?.failed) return;
    await this.options.storage.remove(id);
    this.writes = this.writes.filter((w) => w.id !== id);
    this.changed();
  }

  /** After signing in again: the queue may send once more. */
  resume(): void {
    this.paused = false;
  }

  /**
   * Sends what is due, in order, one at a time; `force` ignores the back-off (the network just came back).
   * Called again while running, it runs once more after, so nothing queued meanwhile waits for the next call.
   */
  flush(options: { force?: boolean } = {}): Promise<FlushResult> {
    if (options.force) {
      this.paused = false;
      this.forced = true;
    }
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const exclusive = this.options.exclusive ?? ((run) => run());
    this.running = exclusive(async () => {
      let result: FlushResult;
      do {
        this.again = false;
        const force = this.forced;
        this.forced = false;
        result = await this.drain(force);
      } while (this.again && result !== 'paused');
      return result;
    }).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** When the first write still to send may be tried again (ms), or null when none waits. */
  nextAttemptAt(): number | null {
    const owner = this.options.owner();
    const first = this.writes.find((w) => !w.failed && w.owner === owner);
    return first ? first.notBefore : null;
  }

  private async drain(force: boolean): Promise<FlushResult> {
    await this.load();
    // another tab may have sent some meanwhile: storage is the truth
    const stored = (await this.options.storage.list()).sort((a, b) => a.seq - b.seq);
    this.writes = stored;
    this.changed();
    const owner = this.options.owner();
    if (owner === null) return 'paused';
    for (const write of stored) {
      if (write.failed || write.owner !== owner) continue;
      if (this.paused) return 'paused';
      if (!force && write.notBefore > this.now()) return 'waiting';
      this.inFlight = write.id;
      this.changed();
      try {
        const answer = await this.options.transport(write);
        await this.options.storage.remove(write.id);
        this.writes = this.writes.filter((w) => w.id !== write.id);
        this.inFlight = null;
        this.changed();
        this.options.onSent?.(write, answer);
      } catch (err) {
        this.inFlight = null;
        const verdict = this.options.classify(err);
        const next: QueuedWrite = {
          ...write,
          attempts: write.attempts + (verdict === 'pause' ? 0 : 1),
          lastError: this.options.describe?.(err) ?? String(err),
          failed: verdict === 'fail',
        };
        next.notBefore = verdict === 'retry' ? this.now() + backoff(next.attempts) : 0;
        await this.options.storage.put(next);
        this.writes = this.writes.map((w) => (w.id === next.id ? next : w));
        this.changed();
        if (verdict === 'fail') {
          this.options.onFailed?.(next, err);
          continue;
        }
        if (verdict === 'pause') this.paused = true;
        // nothing after it goes first: the lines before the submit, the submit before the signature
        return verdict === 'pause' ? 'paused' : 'waiting';
      }
    }
    return this.writes.some((w) => !w.failed && w.owner === owner) ? 'waiting' : 'empty';
  }

  private changed(): void {
    this.options.onChange?.([...this.writes]);
  }
}
