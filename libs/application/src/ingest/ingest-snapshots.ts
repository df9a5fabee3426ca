import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { ClockPort, IngestSnapshotRepository, type DroppedSample, type IngestSnapshot } from '../ports';
import { IngestDiagnostics } from './ingest-diagnostics';
import { IngestService } from './ingest.service';

/** A snapshot this many intervals old belongs to a process that stopped without saying so. */
const LIVE_INTERVALS = 3;

export interface IngestFigures {
  /** Ingest processes whose snapshot is recent. */
  processes: number;
  trackedDevices: number;
  totals: Record<string, number>;
  recentDrops: DroppedSample[];
}

/**
 * Each ingest process writes what it counted to the database every few seconds (VIGIL_INGEST_SNAPSHOT_SEC);
 * every process, ingest or not, answers from there: the sum over the ingest processes still alive.
 */
@Injectable()
export class IngestSnapshots {
  private readonly logger = new Logger(IngestSnapshots.name);
  private readonly processId = `${hostname().slice(0, 40)}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  /** Valid device messages handled as of the last snapshot, and when that count last grew (the start before the first). */
  private handled = 0;
  private lastProcessedAt: Date | null = null;

  constructor(
    private readonly diagnostics: IngestDiagnostics,
    private readonly ingest: IngestService,
    private readonly snapshots: IngestSnapshotRepository,
    private readonly clock: ClockPort,
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
  ) {}

  private get intervalMs(): number {
    return this.config.ingest.snapshotSec * 1000;
  }

  /** Called where ingest runs: from now on this process writes its snapshot. */
  async start(): Promise<void> {
    this.lastProcessedAt = this.clock.now();
    await this.write();
    this.timer = setInterval(() => void this.write().catch((err: Error) => this.logger.warn(`ingest snapshot: ${err.message}`)), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    // a row left behind ages out of the sum after three intervals
    await this.snapshots.remove(this.processId).catch((err: Error) => this.logger.warn(`ingest snapshot not removed: ${err.message}`));
  }

  /** The live ingest processes' figures; this process's own (if it runs ingest) as of now. */
  async live(): Promise<IngestFigures> {
    if (this.timer) await this.write();
    const now = this.clock.now().getTime();
    const rows = await this.snapshots.writtenSince(new Date(now - LIVE_INTERVALS * this.intervalMs));
    const totals: Record<string, number> = {};
    for (const row of rows) for (const [key, n] of Object.entries(row.totals)) totals[key] = (totals[key] ?? 0) + n;
    // each process sends its newest 200
    const recentDrops = rows.flatMap((r) => r.recentDrops).sort((a, b) => b.at.getTime() - a.at.getTime());
    // every ingest process tracks the whole register, shared subscription or not
    const trackedDevices = Math.max(0, ...rows.map((r) => r.trackedDevices));
    return { processes: rows.length, trackedDevices, totals, recentDrops };
  }

  private async write(): Promise<void> {
    const now = this.clock.now();
    const totals = this.diagnostics.totals();
    // per snapshot, not per message: the hot path stays as it is, and the stall check needs no finer grain
    const handled = Object.entries(totals).reduce((sum, [key, n]) => (key.startsWith('dropped:') ? sum : sum + n), 0);
    if (handled > this.handled) this.lastProcessedAt = now;
    this.handled = handled;
    const snapshot: IngestSnapshot = {
      processId: this.processId,
      writtenAt: now,
      trackedDevices: this.ingest.trackedCount,
      totals,
      recentDrops: this.diagnostics.recentDrops(),
      lastProcessedAt: this.lastProcessedAt,
    };
    await this.snapshots.save(snapshot);
    await this.snapshots.removeWrittenBefore(new Date(now.getTime() - 100 * this.intervalMs));
  }
}
