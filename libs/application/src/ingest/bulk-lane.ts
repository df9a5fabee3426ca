import { Logger } from '@nestjs/common';

/** Rows per bulk write: each chunk is one short statement, so nothing waits long behind it. */
export const BULK_CHUNK_ROWS = 2000;

interface Job {
  kind: string;
  rows: unknown[];
  write: (chunk: unknown[]) => Promise<void>;
  putBack: (chunk: unknown[]) => void;
}

/**
 * Bulk writes (last-seen snapshots, online time) on a lane of their own, apart from status changes:
 * one bounded chunk at a time, each its own statement, with a turn of the event loop between chunks.
 * A chunk that fails is handed back to be written with the next round; the rest go on.
 */
export class BulkLane {
  private readonly logger = new Logger('IngestService');
  private readonly jobs: Job[] = [];
  private readonly outstanding = new Map<string, number>();
  private running: Promise<void> | null = null;

  constructor(private readonly chunkRows = BULK_CHUNK_ROWS) {}

  /** Whether chunks of this kind are still queued or being written (the next round then waits, and its rows merge). */
  busy(kind: string): boolean {
    return (this.outstanding.get(kind) ?? 0) > 0;
  }

  enqueue<T>(kind: string, rows: readonly T[], write: (chunk: T[]) => Promise<void>, putBack: (chunk: T[]) => void): void {
    if (rows.length === 0) return;
    for (let i = 0; i < rows.length; i += this.chunkRows) {
      this.jobs.push({ kind, rows: rows.slice(i, i + this.chunkRows), write: write as Job['write'], putBack: putBack as Job['putBack'] });
      this.outstanding.set(kind, (this.outstanding.get(kind) ?? 0) + 1);
    }
    this.running ??= this.run();
  }

  /** Resolves once every queued chunk is written (or handed back). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    let failed = 0;
    for (let job = this.jobs.shift(); job; job = this.jobs.shift()) {
      try {
        await job.write(job.rows);
      } catch (err) {
        if (++failed === 1) this.logger.error(`bulk write failed, handed back for the next round: ${(err as Error).message}`);
        job.putBack(job.rows);
      }
      this.outstanding.set(job.kind, this.outstanding.get(job.kind)! - 1);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.running = null;
  }
}
